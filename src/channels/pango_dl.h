/*
 * pango_dl.h: pango, cairo and the glib they sit on, opened when a letter
 * is drawn (dlopen), not linked into the binary (as libpq,
 * store/postgres/pq_dl.h: with fontconfig, freetype, harfbuzz, X11 and the
 * rest, some thirty libraries the loader relocated at the start of every
 * process). libpangocairo's own dependencies are cairo, pango, gobject and
 * glib, so the one dlopen of it finds every function below. letter_pdf.c
 * calls pango_dl_open() first; every name it uses is a macro for its
 * pointer in the table.
 */
#ifndef RECOUP_CHANNELS_PANGO_DL_H
#define RECOUP_CHANNELS_PANGO_DL_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/error.h"

#define PANGO_DL_LIBRARY "libpangocairo-1.0.so.0"

#define PANGO_DL_FUNCTIONS(X)                    \
	X(cairo_create)                          \
	X(cairo_destroy)                         \
	X(cairo_line_to)                         \
	X(cairo_move_to)                         \
	X(cairo_pdf_surface_create_for_stream)   \
	X(cairo_set_line_width)                  \
	X(cairo_set_source_rgb)                  \
	X(cairo_show_page)                       \
	X(cairo_status)                          \
	X(cairo_status_to_string)                \
	X(cairo_stroke)                          \
	X(cairo_surface_destroy)                 \
	X(cairo_surface_finish)                  \
	X(cairo_surface_status)                  \
	X(g_object_unref)                        \
	X(g_utf8_validate)                       \
	X(pango_cairo_context_set_resolution)    \
	X(pango_cairo_create_layout)             \
	X(pango_cairo_font_map_new)              \
	X(pango_cairo_show_layout)               \
	X(pango_cairo_update_context)            \
	X(pango_font_description_free)           \
	X(pango_font_description_from_string)    \
	X(pango_font_map_create_context)         \
	X(pango_layout_get_line_count)           \
	X(pango_layout_get_size)                 \
	X(pango_layout_get_unknown_glyphs_count) \
	X(pango_layout_new)                      \
	X(pango_layout_set_alignment)            \
	X(pango_layout_set_ellipsize)            \
	X(pango_layout_set_font_description)     \
	X(pango_layout_set_text)                 \
	X(pango_layout_set_width)                \
	X(pango_layout_set_wrap)

#define PANGO_DL_POINTER(name) __typeof__(name) *name;
struct pango_dl {
	PANGO_DL_FUNCTIONS(PANGO_DL_POINTER)
};
extern struct pango_dl pango_dl;

/* Opens libpangocairo once per process (any thread): 0, or -1 with e set (ERR_ENV). */
int pango_dl_open(struct error *e);

#ifndef PANGO_DL_TABLE
#define cairo_create                          pango_dl.cairo_create
#define cairo_destroy                         pango_dl.cairo_destroy
#define cairo_line_to                         pango_dl.cairo_line_to
#define cairo_move_to                         pango_dl.cairo_move_to
#define cairo_pdf_surface_create_for_stream   pango_dl.cairo_pdf_surface_create_for_stream
#define cairo_set_line_width                  pango_dl.cairo_set_line_width
#define cairo_set_source_rgb                  pango_dl.cairo_set_source_rgb
#define cairo_show_page                       pango_dl.cairo_show_page
#define cairo_status                          pango_dl.cairo_status
#define cairo_status_to_string                pango_dl.cairo_status_to_string
#define cairo_stroke                          pango_dl.cairo_stroke
#define cairo_surface_destroy                 pango_dl.cairo_surface_destroy
#define cairo_surface_finish                  pango_dl.cairo_surface_finish
#define cairo_surface_status                  pango_dl.cairo_surface_status
#define g_object_unref                        pango_dl.g_object_unref
#define g_utf8_validate                       pango_dl.g_utf8_validate
#define pango_cairo_context_set_resolution    pango_dl.pango_cairo_context_set_resolution
#define pango_cairo_create_layout             pango_dl.pango_cairo_create_layout
#define pango_cairo_font_map_new              pango_dl.pango_cairo_font_map_new
#define pango_cairo_show_layout               pango_dl.pango_cairo_show_layout
#define pango_cairo_update_context            pango_dl.pango_cairo_update_context
#define pango_font_description_free           pango_dl.pango_font_description_free
#define pango_font_description_from_string    pango_dl.pango_font_description_from_string
#define pango_font_map_create_context         pango_dl.pango_font_map_create_context
#define pango_layout_get_line_count           pango_dl.pango_layout_get_line_count
#define pango_layout_get_size                 pango_dl.pango_layout_get_size
#define pango_layout_get_unknown_glyphs_count pango_dl.pango_layout_get_unknown_glyphs_count
#define pango_layout_new                      pango_dl.pango_layout_new
#define pango_layout_set_alignment            pango_dl.pango_layout_set_alignment
#define pango_layout_set_ellipsize            pango_dl.pango_layout_set_ellipsize
#define pango_layout_set_font_description     pango_dl.pango_layout_set_font_description
#define pango_layout_set_text                 pango_dl.pango_layout_set_text
#define pango_layout_set_width                pango_dl.pango_layout_set_width
#define pango_layout_set_wrap                 pango_dl.pango_layout_set_wrap
#endif

#endif
