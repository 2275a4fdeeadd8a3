/*
 * commands.c: the table of subcommands, in the order `recoup --help` lists
 * them. Add one line here and one cmd_NAME.c file for a new command.
 */
#include "cli/cli.h"

/* One line per group of commands, appended: parallel additions merge. */
/* clang-format off */
const struct command *const commands[] = {
	&cmd_init,     &cmd_generate, &cmd_import,  &cmd_export,   &cmd_aging,  &cmd_report,  &cmd_check,
	&cmd_customer, &cmd_contact,  &cmd_rules,   &cmd_demo,     &cmd_backup, &cmd_migrate, &cmd_user,
	&cmd_account,  &cmd_run,      &cmd_actions, &cmd_strategy, &cmd_assign, &cmd_queue, /* the daily cycle */
	&cmd_promise, /* issue 10: promises */
	&cmd_plan, &cmd_settlement, &cmd_approval, &cmd_writeoff, &cmd_authority, /* plans, settlements */
	&cmd_dispute,  &cmd_credit,   &cmd_special, /* disputes, credit policy, special handling */
	&cmd_agency, &cmd_legal, &cmd_audit, /* escalation, the audit trail */
	&cmd_letter, /* issue 12: letters */
	&cmd_send, &cmd_config, &cmd_template, /* issue 12: the outbox, channel settings, templates */
	&cmd_serve, &cmd_token, /* issue 11: the server */
	&cmd_document, &cmd_dashboard, /* issue 13: documents, the manager's dashboard */
	NULL,
};
/* clang-format on */
