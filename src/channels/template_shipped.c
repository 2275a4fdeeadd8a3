/*
 * template_shipped.c: the templates recoup ships, in English, Polish,
 * Brazilian Portuguese, German and French (docs/channels.md lists them). A
 * tenant's own template of the same name, channel, language and audience
 * replaces one (app/templates.c looks in the store first).
 *
 * "default" is what a message step without a template of its own uses;
 * "courtesy-reminder" is the reminder before the due date, worded as a
 * courtesy, not a notice (DOMAIN.md point 1). The other steps of the
 * preset strategies (core/strategy_presets.c) have their own texts, in
 * English; in Polish too for the generic presets' steps (b2b-gentle,
 * consumer-standard: what a Polish debtor gets, there being no Polish
 * preset), in Brazilian Portuguese too for Brazil's (consumer-br), in German
 * and French too for the companies' steps (b2b-gentle, b2b-eu: what a
 * company in the euro area gets) and consumer-standard's (what a person in
 * Germany or a French-speaking person gets: payment-reminder, missed-payment,
 * arrears-letter, final-notice; due-today is shared with the companies). A
 * debtor whose language has a "default" but not the step's text gets that
 * default (app/templates.h): the UK letters, the generic steps in Portuguese.
 * The Polish, German and French
 * texts open with the formal salutation of their language ("Szanowni
 * Państwo", "Sehr geehrte Damen und Herren", "Madame, Monsieur") instead of
 * the contact's name, which would need a gender or a case the data does not
 * give. Third-party texts say "about an invoice" at most, never a debt
 * (point 8); the voicemail is the limited-content message (a name, a request
 * to call back, a number). The debtor's emails and texts a debtor in Brazil
 * gets (the Portuguese ones, the English ones of Brazil's steps) name the
 * supplier, its address (email) and its CNPJ when letter.cnpj is set (CDC
 * art. 42-A; app/send.c hands over no message to a debtor in Brazil that
 * does not show the CNPJ).
 */
#include <string.h>
#include <strings.h>

#include "channels/template.h"

static const struct template_doc shipped[] = {
	/* ---- email, debtor ---- */
	{ "default", "email", "en", TEMPLATE_DEBTOR,
	  "{{creditor.name}}: {{invoice_count}} invoice(s) to pay, {{total}}",
	  "Dear {{contact.name}},\n\n"
	  "Our records show the following invoices of {{customer.name}} open with {{creditor.name}}:\n\n"
	  "{{#invoices}}\n  {{ref}}  due {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Less payments received, not yet applied: -{{credit}}\n{{/credit}}"
	  "Total: {{total}}\n\n"
	  "{{#payment_instructions}}How to pay: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "If you have paid already, thank you, and please ignore this message.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Dear {{contact.name}},</p>"
	  "<p>Our records show the following invoices of {{customer.name}} open with {{creditor.name}}:</p>"
	  "<table><tr><th>Invoice</th><th>Due</th><th>Amount</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Less payments received, not yet applied: -{{credit}}</p>{{/credit}}"
	  "<p>Total: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>How to pay: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>If you have paid already, thank you, and please ignore this message.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "default", "email", "pl", TEMPLATE_DEBTOR,
	  "{{creditor.name}}: faktury do zapłaty ({{invoice_count}}), {{total}}",
	  "Szanowni Państwo,\n\n"
	  "w naszej ewidencji następujące faktury {{customer.name}} wobec {{creditor.name}} pozostają otwarte:\n\n"
	  "{{#invoices}}\n  {{ref}}  termin {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}\n{{/credit}}"
	  "Razem: {{total}}\n\n"
	  "{{#payment_instructions}}Dane do płatności: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Jeśli płatność została już dokonana, dziękujemy i prosimy zignorować tę wiadomość.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Szanowni Państwo,</p>"
	  "<p>w naszej ewidencji następujące faktury {{customer.name}} wobec {{creditor.name}} pozostają otwarte:</p>"
	  "<table><tr><th>Faktura</th><th>Termin</th><th>Kwota</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}</p>{{/credit}}"
	  "<p>Razem: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Dane do płatności: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Jeśli płatność została już dokonana, dziękujemy i prosimy zignorować tę wiadomość.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "default", "email", "pt-BR", TEMPLATE_DEBTOR,
	  "{{creditor.name}}: faturas a pagar ({{invoice_count}}), {{total}}",
	  "Prezado(a) {{contact.name}},\n\n"
	  "Em nossos registros constam as seguintes faturas de {{customer.name}} em aberto com {{creditor.name}}:\n\n"
	  "{{#invoices}}\n  {{ref}}  vencimento {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}\n{{/credit}}"
	  "Total: {{total}}\n\n"
	  "{{#payment_instructions}}Como pagar: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Se o pagamento já foi feito, obrigado, e por favor desconsidere esta mensagem.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Prezado(a) {{contact.name}},</p>"
	  "<p>Em nossos registros constam as seguintes faturas de {{customer.name}} em aberto com "
	  "{{creditor.name}}:</p>"
	  "<table><tr><th>Fatura</th><th>Vencimento</th><th>Valor</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}</p>{{/credit}}"
	  "<p>Total: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Como pagar: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Se o pagamento já foi feito, obrigado, e por favor desconsidere esta mensagem.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "default", "email", "de", TEMPLATE_DEBTOR,
	  "{{creditor.name}}: offene Rechnungen ({{invoice_count}}), {{total}}",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "nach unseren Unterlagen sind folgende Rechnungen von {{creditor.name}} an {{customer.name}} noch offen:\n\n"
	  "{{#invoices}}\n  {{ref}}  fällig {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}\n{{/credit}}"
	  "Gesamtbetrag: {{total}}\n\n"
	  "{{#payment_instructions}}Zahlungsinformationen: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Sollten Sie die Zahlung bereits veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als "
	  "gegenstandslos zu betrachten.\n\n"
	  "Mit freundlichen Grüßen\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Sehr geehrte Damen und Herren,</p>"
	  "<p>nach unseren Unterlagen sind folgende Rechnungen von {{creditor.name}} an {{customer.name}} noch "
	  "offen:</p>"
	  "<table><tr><th>Rechnung</th><th>Fällig</th><th>Betrag</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}</p>{{/credit}}"
	  "<p>Gesamtbetrag: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Zahlungsinformationen: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Sollten Sie die Zahlung bereits veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als "
	  "gegenstandslos zu betrachten.</p>"
	  "<p>Mit freundlichen Grüßen</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "default", "email", "fr", TEMPLATE_DEBTOR,
	  "{{creditor.name}} : factures à régler ({{invoice_count}}), {{total}}",
	  "Madame, Monsieur,\n\n"
	  "Sauf erreur de notre part, les factures suivantes, adressées par {{creditor.name}} à {{customer.name}}, "
	  "restent à régler :\n\n"
	  "{{#invoices}}\n  {{ref}}  échéance {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Moins les paiements reçus, non encore imputés : -{{credit}}\n{{/credit}}"
	  "Total : {{total}}\n\n"
	  "{{#payment_instructions}}Modalités de paiement : {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir compte de "
	  "ce message.\n\n"
	  "Cordialement,\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Madame, Monsieur,</p>"
	  "<p>Sauf erreur de notre part, les factures suivantes, adressées par {{creditor.name}} à {{customer.name}}, "
	  "restent à régler :</p>"
	  "<table><tr><th>Facture</th><th>Échéance</th><th>Montant</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Moins les paiements reçus, non encore imputés : -{{credit}}</p>{{/credit}}"
	  "<p>Total : <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Modalités de paiement : {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir compte "
	  "de ce message.</p>"
	  "<p>Cordialement,</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	/* ---- email, debtor, before the due date ---- */
	{ "courtesy-reminder", "email", "en", TEMPLATE_DEBTOR, "{{creditor.name}}: a friendly reminder",
	  "Dear {{contact.name}},\n\n"
	  "A friendly reminder from {{creditor.name}}: these invoices fall due soon.\n\n"
	  "{{#invoices}}\n  {{ref}}  due {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Less payments received, not yet applied: -{{credit}}\n{{/credit}}"
	  "Total: {{total}}\n\n"
	  "{{#payment_instructions}}How to pay: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Thank you for your business.\n\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Dear {{contact.name}},</p><p>A friendly reminder from {{creditor.name}}: these invoices fall due soon.</p>"
	  "<table><tr><th>Invoice</th><th>Due</th><th>Amount</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Less payments received, not yet applied: -{{credit}}</p>{{/credit}}"
	  "<p>Total: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>How to pay: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Thank you for your business.</p><p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}</small></p>" },
	{ "courtesy-reminder", "email", "pl", TEMPLATE_DEBTOR, "{{creditor.name}}: przypomnienie o terminie płatności",
	  "Szanowni Państwo,\n\n"
	  "uprzejmie przypominamy, że wkrótce mija termin płatności faktur:\n\n"
	  "{{#invoices}}\n  {{ref}}  termin {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}\n{{/credit}}"
	  "Razem: {{total}}\n\n"
	  "{{#payment_instructions}}Dane do płatności: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Dziękujemy za współpracę.\n\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Szanowni Państwo,</p><p>Uprzejmie przypominamy, że wkrótce mija termin płatności faktur:</p>"
	  "<table><tr><th>Faktura</th><th>Termin</th><th>Kwota</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}</p>{{/credit}}"
	  "<p>Razem: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Dane do płatności: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Dziękujemy za współpracę.</p><p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}</small></p>" },
	{ "courtesy-reminder", "email", "pt-BR", TEMPLATE_DEBTOR, "{{creditor.name}}: lembrete amigável",
	  "Prezado(a) {{contact.name}},\n\n"
	  "Um lembrete amigável de {{creditor.name}}: estas faturas vencem em breve.\n\n"
	  "{{#invoices}}\n  {{ref}}  vencimento {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}\n{{/credit}}"
	  "Total: {{total}}\n\n"
	  "{{#payment_instructions}}Como pagar: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Obrigado pela parceria.\n\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Prezado(a) {{contact.name}},</p><p>Um lembrete amigável de {{creditor.name}}: estas faturas vencem em breve.</p>"
	  "<table><tr><th>Fatura</th><th>Vencimento</th><th>Valor</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}</p>{{/credit}}"
	  "<p>Total: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Como pagar: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Obrigado pela parceria.</p><p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}</small></p>" },
	{ "courtesy-reminder", "email", "de", TEMPLATE_DEBTOR,
	  "{{creditor.name}}: Hinweis auf demnächst fällige Rechnungen",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "wir möchten Sie freundlich darauf hinweisen, dass folgende Rechnungen von {{creditor.name}} in Kürze fällig "
	  "werden:\n\n"
	  "{{#invoices}}\n  {{ref}}  fällig {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}\n{{/credit}}"
	  "Gesamtbetrag: {{total}}\n\n"
	  "{{#payment_instructions}}Zahlungsinformationen: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Vielen Dank für die gute Zusammenarbeit.\n\n"
	  "Mit freundlichen Grüßen\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Sehr geehrte Damen und Herren,</p>"
	  "<p>wir möchten Sie freundlich darauf hinweisen, dass folgende Rechnungen von {{creditor.name}} in Kürze "
	  "fällig werden:</p>"
	  "<table><tr><th>Rechnung</th><th>Fällig</th><th>Betrag</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}</p>{{/credit}}"
	  "<p>Gesamtbetrag: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Zahlungsinformationen: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Vielen Dank für die gute Zusammenarbeit.</p>"
	  "<p>Mit freundlichen Grüßen</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}</small></p>" },
	{ "courtesy-reminder", "email", "fr", TEMPLATE_DEBTOR, "{{creditor.name}} : vos prochaines échéances",
	  "Madame, Monsieur,\n\n"
	  "Nous nous permettons de vous rappeler que les factures suivantes de {{creditor.name}} arrivent "
	  "prochainement à échéance :\n\n"
	  "{{#invoices}}\n  {{ref}}  échéance {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Moins les paiements reçus, non encore imputés : -{{credit}}\n{{/credit}}"
	  "Total : {{total}}\n\n"
	  "{{#payment_instructions}}Modalités de paiement : {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Nous vous remercions de votre confiance.\n\n"
	  "Cordialement,\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Madame, Monsieur,</p>"
	  "<p>Nous nous permettons de vous rappeler que les factures suivantes de {{creditor.name}} arrivent "
	  "prochainement à échéance :</p>"
	  "<table><tr><th>Facture</th><th>Échéance</th><th>Montant</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Moins les paiements reçus, non encore imputés : -{{credit}}</p>{{/credit}}"
	  "<p>Total : <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Modalités de paiement : {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Nous vous remercions de votre confiance.</p>"
	  "<p>Cordialement,</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}</small></p>" },
	/*
	 * ---- the preset strategies' own steps (docs/channels.md, "The shipped templates"): each
	 * worded for its step's place, before the due date, on it, after it, the last letter; in
	 * English, the generic presets' in Polish and Brazil's in Brazilian Portuguese as well, the
	 * companies' (b2b-gentle, b2b-eu) and consumer-standard's in German and French as well (and
	 * consumer-us's payment-reminder email, as in Polish). A debtor whose language has
	 * a "default" but not the step's text gets that (app/templates.h).
	 * The letters' bodies: the PDF adds the invoice table, the total and the required notices.
	 * ----
	 */
	/* on the due date: b2b-gentle, b2b-eu, consumer-standard, consumer-us, consumer-gb */
	{ "due-today", "email", "en", TEMPLATE_DEBTOR, "{{creditor.name}}: invoices due today, {{total}}",
	  "Dear {{contact.name}},\n\n"
	  "This is a reminder from {{creditor.name}} that the following invoices of {{customer.name}} are due "
	  "for payment today:\n\n"
	  "{{#invoices}}\n  {{ref}}  due {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Less payments received, not yet applied: -{{credit}}\n{{/credit}}"
	  "Total: {{total}}\n\n"
	  "{{#payment_instructions}}How to pay: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "If you have paid already, thank you, and please ignore this message. If you have a question about any "
	  "of these invoices, please let us know.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Dear {{contact.name}},</p>"
	  "<p>This is a reminder from {{creditor.name}} that the following invoices of {{customer.name}} are due "
	  "for payment today:</p>"
	  "<table><tr><th>Invoice</th><th>Due</th><th>Amount</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Less payments received, not yet applied: -{{credit}}</p>{{/credit}}"
	  "<p>Total: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>How to pay: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>If you have paid already, thank you, and please ignore this message. If you have a question about "
	  "any of these invoices, please let us know.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "due-today", "email", "pl", TEMPLATE_DEBTOR, "{{creditor.name}}: dziś mija termin płatności, {{total}}",
	  "Szanowni Państwo,\n\n"
	  "uprzejmie przypominamy, że dziś mija termin płatności następujących faktur wystawionych przez "
	  "{{creditor.name}} dla {{customer.name}}:\n\n"
	  "{{#invoices}}\n  {{ref}}  termin {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}\n{{/credit}}"
	  "Razem: {{total}}\n\n"
	  "{{#payment_instructions}}Dane do płatności: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Jeśli płatność została już dokonana, dziękujemy i prosimy zignorować tę wiadomość. W razie pytań "
	  "dotyczących którejkolwiek z tych faktur prosimy o kontakt.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Szanowni Państwo,</p>"
	  "<p>uprzejmie przypominamy, że dziś mija termin płatności następujących faktur wystawionych przez "
	  "{{creditor.name}} dla {{customer.name}}:</p>"
	  "<table><tr><th>Faktura</th><th>Termin</th><th>Kwota</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}</p>{{/credit}}"
	  "<p>Razem: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Dane do płatności: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Jeśli płatność została już dokonana, dziękujemy i prosimy zignorować tę wiadomość. W razie pytań "
	  "dotyczących którejkolwiek z tych faktur prosimy o kontakt.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "due-today", "email", "de", TEMPLATE_DEBTOR, "{{creditor.name}}: heute fällige Rechnungen, {{total}}",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "wir erinnern Sie freundlich daran, dass folgende Rechnungen von {{creditor.name}} an {{customer.name}} "
	  "heute zur Zahlung fällig sind:\n\n"
	  "{{#invoices}}\n  {{ref}}  fällig {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}\n{{/credit}}"
	  "Gesamtbetrag: {{total}}\n\n"
	  "{{#payment_instructions}}Zahlungsinformationen: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Sollten Sie die Zahlung bereits veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als "
	  "gegenstandslos zu betrachten. Haben Sie Fragen zu einer dieser Rechnungen, sprechen Sie uns bitte an.\n\n"
	  "Mit freundlichen Grüßen\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Sehr geehrte Damen und Herren,</p>"
	  "<p>wir erinnern Sie freundlich daran, dass folgende Rechnungen von {{creditor.name}} an {{customer.name}} "
	  "heute zur Zahlung fällig sind:</p>"
	  "<table><tr><th>Rechnung</th><th>Fällig</th><th>Betrag</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}</p>{{/credit}}"
	  "<p>Gesamtbetrag: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Zahlungsinformationen: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Sollten Sie die Zahlung bereits veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als "
	  "gegenstandslos zu betrachten. Haben Sie Fragen zu einer dieser Rechnungen, sprechen Sie uns bitte an.</p>"
	  "<p>Mit freundlichen Grüßen</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "due-today", "email", "fr", TEMPLATE_DEBTOR,
	  "{{creditor.name}} : factures arrivant à échéance aujourd'hui, {{total}}",
	  "Madame, Monsieur,\n\n"
	  "Nous vous rappelons que les factures suivantes, adressées par {{creditor.name}} à {{customer.name}}, "
	  "arrivent à échéance aujourd'hui :\n\n"
	  "{{#invoices}}\n  {{ref}}  échéance {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Moins les paiements reçus, non encore imputés : -{{credit}}\n{{/credit}}"
	  "Total : {{total}}\n\n"
	  "{{#payment_instructions}}Modalités de paiement : {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir compte de "
	  "ce message. Pour toute question concernant l'une de ces factures, n'hésitez pas à nous contacter.\n\n"
	  "Cordialement,\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Madame, Monsieur,</p>"
	  "<p>Nous vous rappelons que les factures suivantes, adressées par {{creditor.name}} à {{customer.name}}, "
	  "arrivent à échéance aujourd'hui :</p>"
	  "<table><tr><th>Facture</th><th>Échéance</th><th>Montant</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Moins les paiements reçus, non encore imputés : -{{credit}}</p>{{/credit}}"
	  "<p>Total : <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Modalités de paiement : {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir compte "
	  "de ce message. Pour toute question concernant l'une de ces factures, n'hésitez pas à nous contacter.</p>"
	  "<p>Cordialement,</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	/* about two weeks after the due date, companies: b2b-gentle, b2b-eu */
	{ "statement", "email", "en", TEMPLATE_DEBTOR, "{{creditor.name}}: statement of overdue invoices, {{total}}",
	  "Dear {{contact.name}},\n\n"
	  "Please find below the statement of the account of {{customer.name}} with {{creditor.name}}. The "
	  "following invoices are past their due date and remain unpaid:\n\n"
	  "{{#invoices}}\n  {{ref}}  due {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Less payments received, not yet applied: -{{credit}}\n{{/credit}}"
	  "Total now due: {{total}}\n\n"
	  "{{#payment_instructions}}How to pay: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "We would be grateful for your payment at your earliest convenience. If any invoice is in dispute, or "
	  "payment has been held up for a reason we should be aware of, please let us know so that we can "
	  "resolve it with you. If you have paid already, thank you, and please ignore this message.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Dear {{contact.name}},</p>"
	  "<p>Please find below the statement of the account of {{customer.name}} with {{creditor.name}}. The "
	  "following invoices are past their due date and remain unpaid:</p>"
	  "<table><tr><th>Invoice</th><th>Due</th><th>Amount</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Less payments received, not yet applied: -{{credit}}</p>{{/credit}}"
	  "<p>Total now due: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>How to pay: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>We would be grateful for your payment at your earliest convenience. If any invoice is in dispute, "
	  "or payment has been held up for a reason we should be aware of, please let us know so that we can "
	  "resolve it with you. If you have paid already, thank you, and please ignore this message.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "statement", "email", "pl", TEMPLATE_DEBTOR, "{{creditor.name}}: zestawienie nieopłaconych faktur, {{total}}",
	  "Szanowni Państwo,\n\n"
	  "przesyłamy zestawienie rozrachunków między {{customer.name}} a {{creditor.name}}. Termin płatności "
	  "następujących faktur już upłynął, a faktury pozostają nieopłacone:\n\n"
	  "{{#invoices}}\n  {{ref}}  termin {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}\n{{/credit}}"
	  "Razem do zapłaty: {{total}}\n\n"
	  "{{#payment_instructions}}Dane do płatności: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Będziemy wdzięczni za uregulowanie płatności w najbliższym możliwym terminie. Jeśli którakolwiek z "
	  "faktur jest przedmiotem sporu lub płatność wstrzymano z przyczyny, o której powinniśmy wiedzieć, "
	  "prosimy o informację, abyśmy mogli wspólnie wyjaśnić sprawę. Jeśli płatność została już dokonana, "
	  "dziękujemy i prosimy zignorować tę wiadomość.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Szanowni Państwo,</p>"
	  "<p>przesyłamy zestawienie rozrachunków między {{customer.name}} a {{creditor.name}}. Termin płatności "
	  "następujących faktur już upłynął, a faktury pozostają nieopłacone:</p>"
	  "<table><tr><th>Faktura</th><th>Termin</th><th>Kwota</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}</p>{{/credit}}"
	  "<p>Razem do zapłaty: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Dane do płatności: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Będziemy wdzięczni za uregulowanie płatności w najbliższym możliwym terminie. Jeśli którakolwiek z "
	  "faktur jest przedmiotem sporu lub płatność wstrzymano z przyczyny, o której powinniśmy wiedzieć, "
	  "prosimy o informację, abyśmy mogli wspólnie wyjaśnić sprawę. Jeśli płatność została już dokonana, "
	  "dziękujemy i prosimy zignorować tę wiadomość.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "statement", "email", "de", TEMPLATE_DEBTOR,
	  "{{creditor.name}}: Kontoauszug über überfällige Rechnungen, {{total}}",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "nachstehend erhalten Sie den Kontoauszug des Kundenkontos von {{customer.name}} bei {{creditor.name}}. "
	  "Folgende Rechnungen sind bereits fällig und noch nicht beglichen:\n\n"
	  "{{#invoices}}\n  {{ref}}  fällig {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}\n{{/credit}}"
	  "Derzeit fälliger Gesamtbetrag: {{total}}\n\n"
	  "{{#payment_instructions}}Zahlungsinformationen: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Wir wären Ihnen dankbar, wenn Sie den Betrag baldmöglichst begleichen würden. Ist eine Rechnung strittig "
	  "oder wurde die Zahlung aus einem Grund zurückgehalten, den wir kennen sollten, teilen Sie uns dies bitte "
	  "mit, damit wir die Angelegenheit gemeinsam mit Ihnen klären können. Sollten Sie die Zahlung bereits "
	  "veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als gegenstandslos zu betrachten.\n\n"
	  "Mit freundlichen Grüßen\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Sehr geehrte Damen und Herren,</p>"
	  "<p>nachstehend erhalten Sie den Kontoauszug des Kundenkontos von {{customer.name}} bei {{creditor.name}}. "
	  "Folgende Rechnungen sind bereits fällig und noch nicht beglichen:</p>"
	  "<table><tr><th>Rechnung</th><th>Fällig</th><th>Betrag</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}</p>{{/credit}}"
	  "<p>Derzeit fälliger Gesamtbetrag: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Zahlungsinformationen: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Wir wären Ihnen dankbar, wenn Sie den Betrag baldmöglichst begleichen würden. Ist eine Rechnung strittig "
	  "oder wurde die Zahlung aus einem Grund zurückgehalten, den wir kennen sollten, teilen Sie uns dies bitte "
	  "mit, damit wir die Angelegenheit gemeinsam mit Ihnen klären können. Sollten Sie die Zahlung bereits "
	  "veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als gegenstandslos zu betrachten.</p>"
	  "<p>Mit freundlichen Grüßen</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "statement", "email", "fr", TEMPLATE_DEBTOR,
	  "{{creditor.name}} : relevé de compte, factures échues, {{total}}",
	  "Madame, Monsieur,\n\n"
	  "Veuillez trouver ci-dessous le relevé du compte de {{customer.name}} auprès de {{creditor.name}}. Les "
	  "factures suivantes sont échues et restent impayées à ce jour :\n\n"
	  "{{#invoices}}\n  {{ref}}  échéance {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Moins les paiements reçus, non encore imputés : -{{credit}}\n{{/credit}}"
	  "Total restant dû : {{total}}\n\n"
	  "{{#payment_instructions}}Modalités de paiement : {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Nous vous serions reconnaissants de bien vouloir procéder à leur règlement dans les meilleurs délais. Si "
	  "l'une de ces factures fait l'objet d'une contestation, ou si le paiement est retenu pour une raison dont "
	  "nous devrions avoir connaissance, merci de nous en informer afin que nous puissions trouver une solution "
	  "avec vous. Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir "
	  "compte de ce message.\n\n"
	  "Cordialement,\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Madame, Monsieur,</p>"
	  "<p>Veuillez trouver ci-dessous le relevé du compte de {{customer.name}} auprès de {{creditor.name}}. Les "
	  "factures suivantes sont échues et restent impayées à ce jour :</p>"
	  "<table><tr><th>Facture</th><th>Échéance</th><th>Montant</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Moins les paiements reçus, non encore imputés : -{{credit}}</p>{{/credit}}"
	  "<p>Total restant dû : <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Modalités de paiement : {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Nous vous serions reconnaissants de bien vouloir procéder à leur règlement dans les meilleurs délais. Si "
	  "l'une de ces factures fait l'objet d'une contestation, ou si le paiement est retenu pour une raison dont "
	  "nous devrions avoir connaissance, merci de nous en informer afin que nous puissions trouver une solution "
	  "avec vous. Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir "
	  "compte de ce message.</p>"
	  "<p>Cordialement,</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	/* a few days before the due date, persons: consumer-us (email; consumer-standard and -gb text it) */
	{ "payment-reminder", "email", "en", TEMPLATE_DEBTOR, "{{creditor.name}}: payment reminder",
	  "Dear {{contact.name}},\n\n"
	  "A reminder from {{creditor.name}}: the following invoices fall due in the next few days.\n\n"
	  "{{#invoices}}\n  {{ref}}  due {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Less payments received, not yet applied: -{{credit}}\n{{/credit}}"
	  "Total: {{total}}\n\n"
	  "{{#payment_instructions}}How to pay: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "If you have paid already, thank you, and please ignore this message.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Dear {{contact.name}},</p>"
	  "<p>A reminder from {{creditor.name}}: the following invoices fall due in the next few days.</p>"
	  "<table><tr><th>Invoice</th><th>Due</th><th>Amount</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Less payments received, not yet applied: -{{credit}}</p>{{/credit}}"
	  "<p>Total: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>How to pay: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>If you have paid already, thank you, and please ignore this message.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "payment-reminder", "email", "pl", TEMPLATE_DEBTOR, "{{creditor.name}}: przypomnienie o płatności",
	  "Szanowni Państwo,\n\n"
	  "{{creditor.name}} uprzejmie przypomina, że w najbliższych dniach mija termin płatności następujących "
	  "faktur:\n\n"
	  "{{#invoices}}\n  {{ref}}  termin {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}\n{{/credit}}"
	  "Razem: {{total}}\n\n"
	  "{{#payment_instructions}}Dane do płatności: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Jeśli płatność została już dokonana, dziękujemy i prosimy zignorować tę wiadomość.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Szanowni Państwo,</p>"
	  "<p>{{creditor.name}} uprzejmie przypomina, że w najbliższych dniach mija termin płatności "
	  "następujących faktur:</p>"
	  "<table><tr><th>Faktura</th><th>Termin</th><th>Kwota</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Minus wpłaty otrzymane, jeszcze nierozliczone: -{{credit}}</p>{{/credit}}"
	  "<p>Razem: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Dane do płatności: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Jeśli płatność została już dokonana, dziękujemy i prosimy zignorować tę wiadomość.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "payment-reminder", "email", "de", TEMPLATE_DEBTOR, "{{creditor.name}}: Erinnerung an anstehende Zahlungen",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "wir möchten Sie daran erinnern, dass folgende Rechnungen von {{creditor.name}} in den nächsten Tagen "
	  "fällig werden:\n\n"
	  "{{#invoices}}\n  {{ref}}  fällig {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}\n{{/credit}}"
	  "Gesamtbetrag: {{total}}\n\n"
	  "{{#payment_instructions}}Zahlungsinformationen: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Sollten Sie die Zahlung bereits veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als "
	  "gegenstandslos zu betrachten.\n\n"
	  "Mit freundlichen Grüßen\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Sehr geehrte Damen und Herren,</p>"
	  "<p>wir möchten Sie daran erinnern, dass folgende Rechnungen von {{creditor.name}} in den nächsten Tagen "
	  "fällig werden:</p>"
	  "<table><tr><th>Rechnung</th><th>Fällig</th><th>Betrag</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Abzüglich erhaltener, noch nicht zugeordneter Zahlungen: -{{credit}}</p>{{/credit}}"
	  "<p>Gesamtbetrag: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Zahlungsinformationen: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Sollten Sie die Zahlung bereits veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als "
	  "gegenstandslos zu betrachten.</p>"
	  "<p>Mit freundlichen Grüßen</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "payment-reminder", "email", "fr", TEMPLATE_DEBTOR, "{{creditor.name}} : rappel de vos prochaines échéances",
	  "Madame, Monsieur,\n\n"
	  "{{creditor.name}} vous rappelle que les factures suivantes arrivent à échéance dans les prochains jours :\n\n"
	  "{{#invoices}}\n  {{ref}}  échéance {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Moins les paiements reçus, non encore imputés : -{{credit}}\n{{/credit}}"
	  "Total : {{total}}\n\n"
	  "{{#payment_instructions}}Modalités de paiement : {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir compte de "
	  "ce message.\n\n"
	  "Cordialement,\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Madame, Monsieur,</p>"
	  "<p>{{creditor.name}} vous rappelle que les factures suivantes arrivent à échéance dans les prochains "
	  "jours :</p>"
	  "<table><tr><th>Facture</th><th>Échéance</th><th>Montant</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Moins les paiements reçus, non encore imputés : -{{credit}}</p>{{/credit}}"
	  "<p>Total : <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Modalités de paiement : {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir compte "
	  "de ce message.</p>"
	  "<p>Cordialement,</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	/* Brazil's day-of-due email (consumer-br "vencimento") */
	{ "vencimento", "email", "en", TEMPLATE_DEBTOR, "{{creditor.name}}: invoices due today, {{total}}",
	  "Dear {{contact.name}},\n\n"
	  "This is a reminder from {{creditor.name}} that the following invoices are due for payment today:\n\n"
	  "{{#invoices}}\n  {{ref}}  due {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Less payments received, not yet applied: -{{credit}}\n{{/credit}}"
	  "Total: {{total}}\n\n"
	  "{{#payment_instructions}}How to pay: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "If you have paid already, thank you, and please ignore this message.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Dear {{contact.name}},</p>"
	  "<p>This is a reminder from {{creditor.name}} that the following invoices are due for payment today:</p>"
	  "<table><tr><th>Invoice</th><th>Due</th><th>Amount</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Less payments received, not yet applied: -{{credit}}</p>{{/credit}}"
	  "<p>Total: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>How to pay: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>If you have paid already, thank you, and please ignore this message.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	{ "vencimento", "email", "pt-BR", TEMPLATE_DEBTOR, "{{creditor.name}}: faturas com vencimento hoje, {{total}}",
	  "Prezado(a) {{contact.name}},\n\n"
	  "Este é um lembrete de {{creditor.name}}: as faturas abaixo vencem hoje.\n\n"
	  "{{#invoices}}\n  {{ref}}  vencimento {{due_date}}  {{balance}}\n{{/invoices}}\n\n"
	  "{{#credit}}Less payments received, not yet applied: -{{credit}}\n{{/credit}}"
	  "Total: {{total}}\n\n"
	  "{{#payment_instructions}}Como pagar: {{payment_instructions}}\n\n{{/payment_instructions}}"
	  "Se o pagamento já foi feito, obrigado, e por favor desconsidere esta mensagem.\n\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n\n"
	  "{{#creditor.cnpj}}\n{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}\n\n{{/creditor.cnpj}}\n-- \n{{optout_line}}\n",
	  "<p>Prezado(a) {{contact.name}},</p>"
	  "<p>Este é um lembrete de {{creditor.name}}: as faturas abaixo vencem hoje.</p>"
	  "<table><tr><th>Fatura</th><th>Vencimento</th><th>Valor</th></tr>"
	  "{{#invoices}}<tr><td>{{ref}}</td><td>{{due_date}}</td><td>{{balance}}</td></tr>{{/invoices}}</table>"
	  "{{#credit}}<p>Less payments received, not yet applied: -{{credit}}</p>{{/credit}}"
	  "<p>Total: <b>{{total}}</b></p>"
	  "{{#payment_instructions}}<p>Como pagar: {{payment_instructions}}</p>{{/payment_instructions}}"
	  "<p>Se o pagamento já foi feito, obrigado, e por favor desconsidere esta mensagem.</p>"
	  "<p>{{#collector.name}}{{collector.name}}<br>{{/collector.name}}{{creditor.name}}</p>"
	  "{{#creditor.cnpj}}<p>{{creditor.name}}{{#creditor.address}}, {{creditor.address}}{{/creditor.address}}, "
	  "CNPJ {{creditor.cnpj}}</p>{{/creditor.cnpj}}"
	  "<hr><p><small>{{optout_line}}{{#optout_url}} <a href=\"{{optout_url}}\">{{optout_url}}</a>{{/optout_url}}</small></p>" },
	/* ---- email, third party: an invoice, never a debt ---- */
	{ "default", "email", "en", TEMPLATE_THIRD_PARTY,
	  "{{creditor.name}}: please ask {{contact.name}} to contact us",
	  "Hello,\n\nWe are trying to reach {{contact.name}} about an invoice. Could you ask them to contact "
	  "{{collector.name}} at {{creditor.name}}{{#collector.phone}} ({{collector.phone}}){{/collector.phone}}?\n\n"
	  "Thank you.\n\n-- \n{{optout_line}}\n",
	  NULL },
	{ "default", "email", "pl", TEMPLATE_THIRD_PARTY, "{{creditor.name}}: prośba o kontakt",
	  "Dzień dobry,\n\nprosimy o przekazanie {{contact.name}} prośby o kontakt w sprawie faktury z "
	  "{{collector.name}}, {{creditor.name}}{{#collector.phone}} ({{collector.phone}}){{/collector.phone}}.\n\n"
	  "Dziękujemy.\n\n-- \n{{optout_line}}\n",
	  NULL },
	{ "default", "email", "pt-BR", TEMPLATE_THIRD_PARTY, "{{creditor.name}}: pedido de contato",
	  "Olá,\n\nEstamos tentando falar com {{contact.name}} sobre uma fatura. Poderia pedir que entre em contato "
	  "com {{collector.name}}, {{creditor.name}}{{#collector.phone}} ({{collector.phone}}){{/collector.phone}}?"
	  "\n\nObrigado.\n\n-- \n{{optout_line}}\n",
	  NULL },
	{ "default", "email", "de", TEMPLATE_THIRD_PARTY,
	  "{{creditor.name}}: Bitte um Weiterleitung an {{contact.name}}",
	  "Guten Tag,\n\nwir versuchen, {{contact.name}} in einer Rechnungsangelegenheit zu erreichen. Könnten Sie "
	  "{{contact.name}} bitten, sich bei {{collector.name}} von {{creditor.name}}{{#collector.phone}} (Tel. "
	  "{{collector.phone}}){{/collector.phone}} zu melden?\n\n"
	  "Vielen Dank.\n\n-- \n{{optout_line}}\n",
	  NULL },
	{ "default", "email", "fr", TEMPLATE_THIRD_PARTY, "{{creditor.name}} : merci de transmettre à {{contact.name}}",
	  "Bonjour,\n\nNous cherchons à joindre {{contact.name}} au sujet d'une facture. Pourriez-vous lui demander de "
	  "contacter {{collector.name}} chez {{creditor.name}}{{#collector.phone}} ({{collector.phone}})"
	  "{{/collector.phone}} ?\n\n"
	  "Merci par avance.\n\n-- \n{{optout_line}}\n",
	  NULL },
	/* ---- sms, debtor (the sender appends the opt-out where the profile requires it) ---- */
	{ "default", "sms", "en", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: {{invoice_count}} invoice(s) open, total {{total}}, oldest due {{due_date}}. "
	  "{{#payment_instructions}}Pay: {{payment_instructions}}. {{/payment_instructions}}Already paid? Thank you.",
	  NULL },
	{ "default", "sms", "pl", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: otwarte faktury ({{invoice_count}}), razem {{total}}, najstarszy termin {{due_date}}. "
	  "{{#payment_instructions}}Płatność: {{payment_instructions}}. {{/payment_instructions}}Zapłacone? "
	  "Dziękujemy.",
	  NULL },
	{ "default", "sms", "pt-BR", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: "
	  "{{invoice_count}} fatura(s) em aberto, total {{total}}, vencimento {{due_date}}. "
	  "{{#payment_instructions}}Pague: {{payment_instructions}}. {{/payment_instructions}}Já pagou? Obrigado.",
	  NULL },
	{ "default", "sms", "de", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: {{invoice_count}} offene Rechnung(en), gesamt {{total}}, älteste fällig am {{due_date}}. "
	  "{{#payment_instructions}}Zahlung: {{payment_instructions}}. {{/payment_instructions}}Bereits bezahlt? Dann "
	  "vielen Dank.",
	  NULL },
	{ "default", "sms", "fr", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}} : {{invoice_count}} facture(s) à régler, total {{total}}, plus ancienne échéance le "
	  "{{due_date}}. {{#payment_instructions}}Paiement : {{payment_instructions}}. {{/payment_instructions}}Déjà "
	  "réglé ? Merci.",
	  NULL },
	/* ---- sms, debtor: the preset strategies' own steps ---- */
	/* before the due date: consumer-standard, consumer-gb */
	{ "payment-reminder", "sms", "en", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: a reminder: {{invoice_count}} invoice(s), total {{total}}, fall due soon, the first on "
	  "{{due_date}}. "
	  "{{#payment_instructions}}Pay: {{payment_instructions}}. {{/payment_instructions}}Already paid? Thank you.",
	  NULL },
	{ "payment-reminder", "sms", "pl", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: przypomnienie: wkrótce mija termin płatności, faktury ({{invoice_count}}), razem "
	  "{{total}}, pierwszy termin {{due_date}}. "
	  "{{#payment_instructions}}Płatność: {{payment_instructions}}. {{/payment_instructions}}Zapłacone? "
	  "Dziękujemy.",
	  NULL },
	{ "payment-reminder", "sms", "de", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: Erinnerung: {{invoice_count}} "
	  "Rechnung(en), gesamt {{total}}, fällig ab {{due_date}}. "
	  "{{#payment_instructions}}Zahlung: {{payment_instructions}}. {{/payment_instructions}}Bereits bezahlt? Dann "
	  "vielen Dank.",
	  NULL },
	{ "payment-reminder", "sms", "fr", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}} : rappel : {{invoice_count}} "
	  "facture(s), total {{total}}, à régler prochainement, la première le {{due_date}}. "
	  "{{#payment_instructions}}Paiement : {{payment_instructions}}. {{/payment_instructions}}Déjà réglé ? Merci.",
	  NULL },
	/* a few days after the due date, no answer yet: consumer-standard */
	{ "missed-payment", "sms", "en", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: we have not yet received payment of {{total}} (oldest due {{due_date}}). "
	  "{{#payment_instructions}}Pay: {{payment_instructions}}. {{/payment_instructions}}"
	  "Already paid, or need help? Please contact us{{#collector.phone}} on {{collector.phone}}{{/collector.phone}}.",
	  NULL },
	{ "missed-payment", "sms", "pl", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: nie odnotowaliśmy jeszcze wpłaty kwoty {{total}} (najstarszy termin {{due_date}}). "
	  "{{#payment_instructions}}Płatność: {{payment_instructions}}. {{/payment_instructions}}"
	  "Zapłacili już Państwo lub potrzebują pomocy? Prosimy o kontakt{{#collector.phone}}, tel. "
	  "{{collector.phone}}{{/collector.phone}}.",
	  NULL },
	{ "missed-payment", "sms", "de", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: Ihre Zahlung von {{total}} "
	  "(älteste fällig am {{due_date}}) ist bei uns noch nicht eingegangen. "
	  "{{#payment_instructions}}Zahlung: {{payment_instructions}}. {{/payment_instructions}}"
	  "Bereits bezahlt oder Hilfe nötig? Bitte melden Sie sich{{#collector.phone}} unter "
	  "{{collector.phone}}{{/collector.phone}}.",
	  NULL },
	{ "missed-payment", "sms", "fr", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}} : sauf erreur, votre paiement "
	  "de {{total}} (plus ancienne échéance le {{due_date}}) ne nous est pas encore parvenu. "
	  "{{#payment_instructions}}Paiement : {{payment_instructions}}. {{/payment_instructions}}"
	  "Déjà réglé, ou besoin d'aide ? Merci de nous contacter{{#collector.phone}} au "
	  "{{collector.phone}}{{/collector.phone}}.",
	  NULL },
	/* Brazil (consumer-br): "lembrete" before the due date, "atraso" after it */
	{ "lembrete", "sms", "en", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: "
	  "a reminder: {{invoice_count}} invoice(s), total {{total}}, fall due soon, the first on "
	  "{{due_date}}. "
	  "{{#payment_instructions}}Pay: {{payment_instructions}}. {{/payment_instructions}}Already paid? Thank you.",
	  NULL },
	{ "lembrete", "sms", "pt-BR", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: "
	  "lembrete: {{invoice_count}} fatura(s), total {{total}}, vencem em breve, a primeira "
	  "em {{due_date}}. "
	  "{{#payment_instructions}}Como pagar: {{payment_instructions}}. {{/payment_instructions}}Já pagou? "
	  "Obrigado.",
	  NULL },
	{ "atraso", "sms", "en", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: "
	  "{{total}} is still unpaid (oldest due {{due_date}}). "
	  "{{#payment_instructions}}Pay: {{payment_instructions}}. {{/payment_instructions}}"
	  "Already paid, or need to talk? Please contact us{{#collector.phone}} on {{collector.phone}}"
	  "{{/collector.phone}}.",
	  NULL },
	{ "atraso", "sms", "pt-BR", TEMPLATE_DEBTOR, NULL,
	  "{{creditor.name}}{{#creditor.cnpj}} (CNPJ {{creditor.cnpj}}){{/creditor.cnpj}}: "
	  "o valor de {{total}} ainda consta em aberto (vencimento mais antigo em {{due_date}}). "
	  "{{#payment_instructions}}Como pagar: {{payment_instructions}}. {{/payment_instructions}}"
	  "Já pagou ou quer conversar? Fale conosco{{#collector.phone}} pelo {{collector.phone}}"
	  "{{/collector.phone}}.",
	  NULL },
	/* ---- sms, third party ---- */
	{ "default", "sms", "en", TEMPLATE_THIRD_PARTY, NULL,
	  "{{creditor.name}}: please ask {{contact.name}} to call {{collector.name}}{{#collector.phone}} on "
	  "{{collector.phone}}{{/collector.phone}}. Thank you.",
	  NULL },
	{ "default", "sms", "pl", TEMPLATE_THIRD_PARTY, NULL,
	  "{{creditor.name}}: prosimy przekazać {{contact.name}} prośbę o kontakt z {{collector.name}}"
	  "{{#collector.phone}}, tel. {{collector.phone}}{{/collector.phone}}. Dziękujemy.",
	  NULL },
	{ "default", "sms", "pt-BR", TEMPLATE_THIRD_PARTY, NULL,
	  "{{creditor.name}}: por favor peça a {{contact.name}} que ligue para {{collector.name}}"
	  "{{#collector.phone}} no {{collector.phone}}{{/collector.phone}}. Obrigado.",
	  NULL },
	{ "default", "sms", "de", TEMPLATE_THIRD_PARTY, NULL,
	  "{{creditor.name}}: Bitte richten Sie {{contact.name}} aus, {{collector.name}}{{#collector.phone}} unter "
	  "{{collector.phone}}{{/collector.phone}} zurückzurufen. Vielen Dank.",
	  NULL },
	{ "default", "sms", "fr", TEMPLATE_THIRD_PARTY, NULL,
	  "{{creditor.name}} : pourriez-vous demander à {{contact.name}} de rappeler {{collector.name}}"
	  "{{#collector.phone}} au {{collector.phone}}{{/collector.phone}} ? Merci.",
	  NULL },
	/*
	 * ---- letter, debtor (the body; the PDF adds letterhead, address and required notices) ----
	 * The subject is the letter's heading: the words of letter_pdf's fixed heading, which
	 * this letter printed before its subject was, since "default" stands in for every
	 * letter step without a template of its own, from the first letter to the last.
	 */
	{ "default", "letter", "en", TEMPLATE_DEBTOR, "Payment reminder",
	  "Dear {{contact.name}},\n\n"
	  "According to our records the invoices listed below remain open. We ask you to pay the total of "
	  "{{total}}{{#payment_instructions}} as follows: {{payment_instructions}}{{/payment_instructions}}.\n\n"
	  "If you have paid already, please disregard this letter. If you disagree with any amount, please tell us.\n\n"
	  "Yours sincerely,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "default", "letter", "pl", TEMPLATE_DEBTOR, "Wezwanie do zapłaty",
	  "Szanowni Państwo,\n\n"
	  "zgodnie z naszą ewidencją poniższe faktury pozostają otwarte. Prosimy o zapłatę kwoty {{total}}"
	  "{{#payment_instructions}}: {{payment_instructions}}{{/payment_instructions}}.\n\n"
	  "Jeśli płatność została już dokonana, prosimy zignorować to pismo. W razie zastrzeżeń co do kwot prosimy o "
	  "kontakt.\n\n"
	  "Z poważaniem,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "default", "letter", "pt-BR", TEMPLATE_DEBTOR, "Notificação de cobrança",
	  "Prezado(a) {{contact.name}},\n\n"
	  "Conforme nossos registros, as faturas abaixo permanecem em aberto. Solicitamos o pagamento do total de "
	  "{{total}}{{#payment_instructions}}: {{payment_instructions}}{{/payment_instructions}}.\n\n"
	  "Se o pagamento já foi feito, por favor desconsidere esta carta. Caso discorde de algum valor, "
	  "entre em contato.\n\n"
	  "Atenciosamente,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "default", "letter", "de", TEMPLATE_DEBTOR, "Zahlungserinnerung",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "nach unseren Unterlagen sind die unten aufgeführten Rechnungen noch offen. Wir bitten Sie, den "
	  "Gesamtbetrag von {{total}} zu begleichen"
	  "{{#payment_instructions}} (Zahlungsinformationen: {{payment_instructions}}){{/payment_instructions}}.\n\n"
	  "Sollten Sie die Zahlung bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als "
	  "gegenstandslos. Falls Sie mit einem Betrag nicht einverstanden sind, teilen Sie uns dies bitte mit.\n\n"
	  "Mit freundlichen Grüßen\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "default", "letter", "fr", TEMPLATE_DEBTOR, "Rappel de paiement",
	  "Madame, Monsieur,\n\n"
	  "Sauf erreur de notre part, les factures détaillées ci-dessous restent à régler. Nous vous prions de bien "
	  "vouloir nous régler la somme totale de {{total}}"
	  "{{#payment_instructions}} selon les modalités suivantes : {{payment_instructions}}"
	  "{{/payment_instructions}}.\n\n"
	  "Si vous avez déjà effectué ce règlement, nous vous prions de ne pas tenir compte de ce courrier. Si vous "
	  "contestez l'un des montants, merci de nous en faire part.\n\n"
	  "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	/*
	 * ---- letter, debtor: the preset strategies' own letters. The body; the PDF adds the
	 * invoice table and the total. What a letter says follows is what the preset's later steps
	 * do, as "may": a review, never an automatic step. The UK and Brazilian letters' legal
	 * wording wants review by someone who knows that law (docs/channels.md). ----
	 */
	/* companies, about 45 days after the due date, before credit hold and agency review: b2b-gentle, b2b-eu */
	{ "formal-notice", "letter", "en", TEMPLATE_DEBTOR, "Formal notice: overdue invoices",
	  "Dear {{contact.name}},\n\n"
	  "Despite our earlier reminders and statement, the invoices of {{customer.name}} listed in this letter "
	  "remain unpaid. The total now due to {{creditor.name}} is {{total}}.\n\n"
	  "We ask you to pay this total within 14 days of the date of this letter"
	  "{{#payment_instructions}}, as follows: {{payment_instructions}}{{/payment_instructions}}.\n\n"
	  "If payment is not received by then, or we have not agreed another arrangement with you, we may place "
	  "your account on hold for further orders on credit and refer the matter to a collection agency.\n\n"
	  "If you dispute any of these invoices, or believe you have paid them, please tell us within the same 14 "
	  "days, with the details, so that we can look into it. If you have paid already, thank you, and please "
	  "disregard this letter.\n\n"
	  "Yours sincerely,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "formal-notice", "letter", "pl", TEMPLATE_DEBTOR, "Wezwanie do zapłaty: nieopłacone faktury",
	  "Szanowni Państwo,\n\n"
	  "mimo wcześniejszych przypomnień i przesłanego zestawienia wymienione w niniejszym piśmie faktury "
	  "wystawione dla {{customer.name}} pozostają nieopłacone. Łączna kwota do zapłaty na rzecz "
	  "{{creditor.name}} wynosi {{total}}.\n\n"
	  "Prosimy o zapłatę tej kwoty w terminie 14 dni od daty niniejszego pisma"
	  "{{#payment_instructions}} (dane do płatności: {{payment_instructions}}){{/payment_instructions}}.\n\n"
	  "Jeśli do tego czasu płatność nie wpłynie ani nie uzgodnimy z Państwem innego rozwiązania, możemy "
	  "wstrzymać realizację kolejnych zamówień z odroczonym terminem płatności oraz przekazać sprawę firmie "
	  "windykacyjnej.\n\n"
	  "Jeśli kwestionują Państwo którąkolwiek z tych faktur lub uważają, że została już opłacona, prosimy o "
	  "informację ze szczegółami w tym samym terminie 14 dni, abyśmy mogli sprawę wyjaśnić. Jeśli płatność "
	  "została już dokonana, dziękujemy i prosimy zignorować to pismo.\n\n"
	  "Z poważaniem,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "formal-notice", "letter", "de", TEMPLATE_DEBTOR, "Mahnung: überfällige Rechnungen",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "trotz unserer bisherigen Zahlungserinnerungen und unseres Kontoauszugs sind die in diesem Schreiben "
	  "aufgeführten Rechnungen an {{customer.name}} weiterhin unbezahlt. Der an {{creditor.name}} zu zahlende "
	  "Gesamtbetrag beläuft sich derzeit auf {{total}}.\n\n"
	  "Wir bitten Sie, diesen Betrag innerhalb von 14 Tagen ab dem Datum dieses Schreibens zu begleichen"
	  "{{#payment_instructions}} (Zahlungsinformationen: {{payment_instructions}}){{/payment_instructions}}.\n\n"
	  "Sollte bis dahin keine Zahlung eingehen und keine andere Vereinbarung mit Ihnen getroffen worden sein, "
	  "behalten wir uns vor, Ihr Kundenkonto für weitere Lieferungen auf Rechnung zu sperren und die "
	  "Angelegenheit einem Inkassounternehmen zu übergeben.\n\n"
	  "Falls Sie eine dieser Rechnungen beanstanden oder der Auffassung sind, sie bereits beglichen zu haben, "
	  "teilen Sie uns dies bitte innerhalb derselben 14 Tage unter Angabe der Einzelheiten mit, damit wir der "
	  "Sache nachgehen können. Sollten Sie die Zahlung bereits veranlasst haben, danken wir Ihnen und bitten "
	  "Sie, dieses Schreiben als gegenstandslos zu betrachten.\n\n"
	  "Mit freundlichen Grüßen\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "formal-notice", "letter", "fr", TEMPLATE_DEBTOR, "Relance formelle : factures échues impayées",
	  "Madame, Monsieur,\n\n"
	  "Malgré nos précédents rappels et l'envoi de notre relevé de compte, les factures de {{customer.name}} "
	  "détaillées dans ce courrier restent impayées. La somme due à {{creditor.name}} s'élève à ce jour à "
	  "{{total}}.\n\n"
	  "Nous vous prions de bien vouloir régler cette somme dans un délai de 14 jours à compter de la date du "
	  "présent courrier"
	  "{{#payment_instructions}}, selon les modalités suivantes : {{payment_instructions}}"
	  "{{/payment_instructions}}.\n\n"
	  "À défaut de règlement dans ce délai, ou d'un autre arrangement convenu avec vous, nous pourrons suspendre "
	  "toute nouvelle commande avec paiement à terme et confier le dossier à une société de recouvrement.\n\n"
	  "Si vous contestez l'une de ces factures, ou si vous estimez les avoir déjà réglées, merci de nous le faire "
	  "savoir dans ce même délai de 14 jours, avec les précisions utiles, afin que nous puissions examiner la "
	  "situation. Si vous avez déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir "
	  "compte de ce courrier.\n\n"
	  "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	/* persons, about two weeks after the due date: consumer-standard, consumer-us */
	{ "arrears-letter", "letter", "en", TEMPLATE_DEBTOR, "Your account is in arrears",
	  "Dear {{contact.name}},\n\n"
	  "Our records show that the invoices listed in this letter are past their due date and have not been "
	  "paid. The total outstanding with {{creditor.name}} is {{total}}.\n\n"
	  "Please pay this total as soon as possible"
	  "{{#payment_instructions}}, as follows: {{payment_instructions}}{{/payment_instructions}}.\n\n"
	  "If you cannot pay it all at once, please contact us{{#collector.phone}} on "
	  "{{collector.phone}}{{/collector.phone}}: we will consider an arrangement to pay in instalments. If "
	  "you disagree with any amount, please tell us. If you have paid already, thank you, and please "
	  "disregard this letter.\n\n"
	  "Yours sincerely,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "arrears-letter", "letter", "pl", TEMPLATE_DEBTOR, "Zaległa płatność",
	  "Szanowni Państwo,\n\n"
	  "z naszej ewidencji wynika, że termin płatności faktur wymienionych w niniejszym piśmie upłynął, a "
	  "faktury nie zostały opłacone. Łączna kwota do zapłaty na rzecz {{creditor.name}} wynosi {{total}}.\n\n"
	  "Prosimy o zapłatę tej kwoty możliwie jak najszybciej"
	  "{{#payment_instructions}} (dane do płatności: {{payment_instructions}}){{/payment_instructions}}.\n\n"
	  "Jeśli nie mogą Państwo zapłacić całej kwoty jednorazowo, prosimy o kontakt{{#collector.phone}} pod "
	  "numerem {{collector.phone}}{{/collector.phone}}: rozważymy możliwość spłaty w ratach. W razie "
	  "zastrzeżeń co do kwot prosimy o informację. Jeśli płatność została już dokonana, dziękujemy i prosimy "
	  "zignorować to pismo.\n\n"
	  "Z poważaniem,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "arrears-letter", "letter", "de", TEMPLATE_DEBTOR, "Zahlungsrückstand",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "nach unseren Unterlagen sind die in diesem Schreiben aufgeführten Rechnungen bereits fällig und noch "
	  "nicht bezahlt. Der an {{creditor.name}} noch zu zahlende Gesamtbetrag beläuft sich auf {{total}}.\n\n"
	  "Wir bitten Sie, diesen Betrag so bald wie möglich zu begleichen"
	  "{{#payment_instructions}} (Zahlungsinformationen: {{payment_instructions}}){{/payment_instructions}}.\n\n"
	  "Falls Sie den Betrag nicht auf einmal zahlen können, wenden Sie sich bitte an uns{{#collector.phone}} unter "
	  "{{collector.phone}}{{/collector.phone}}: Wir prüfen dann gern eine Vereinbarung über eine Ratenzahlung. "
	  "Sind Sie mit einem Betrag nicht einverstanden, teilen Sie uns dies bitte mit. Sollten Sie die Zahlung "
	  "bereits veranlasst haben, danken wir Ihnen und bitten Sie, dieses Schreiben als gegenstandslos zu "
	  "betrachten.\n\n"
	  "Mit freundlichen Grüßen\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "arrears-letter", "letter", "fr", TEMPLATE_DEBTOR, "Retard de paiement sur votre compte",
	  "Madame, Monsieur,\n\n"
	  "Sauf erreur de notre part, les factures détaillées dans ce courrier sont échues et n'ont pas été "
	  "réglées. La somme restant due à {{creditor.name}} s'élève à {{total}}.\n\n"
	  "Nous vous prions de bien vouloir régler cette somme dans les meilleurs délais"
	  "{{#payment_instructions}}, selon les modalités suivantes : {{payment_instructions}}"
	  "{{/payment_instructions}}.\n\n"
	  "Si vous ne pouvez pas la régler en une seule fois, merci de nous contacter{{#collector.phone}} au "
	  "{{collector.phone}}{{/collector.phone}} : nous étudierons avec vous la possibilité d'un paiement "
	  "échelonné. Si vous contestez l'un des montants, merci de nous en faire part. Si vous avez déjà effectué "
	  "ce règlement, nous vous en remercions et vous prions de ne pas tenir compte de ce courrier.\n\n"
	  "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	/* persons, the last letter before agency review: consumer-standard, consumer-us */
	{ "final-notice", "letter", "en", TEMPLATE_DEBTOR, "Final notice before referral",
	  "Dear {{contact.name}},\n\n"
	  "We have written to you about the invoices listed in this letter, which remain unpaid. The total "
	  "outstanding with {{creditor.name}} is {{total}}.\n\n"
	  "Please pay this total within 14 days of the date of this letter"
	  "{{#payment_instructions}}, as follows: {{payment_instructions}}{{/payment_instructions}}, or contact "
	  "us within that time to agree an arrangement to pay.\n\n"
	  "If we do not receive payment or hear from you by then, we may refer your account to a collection "
	  "agency, which would then contact you about it.\n\n"
	  "If you are having difficulty paying, please contact us{{#collector.phone}} on "
	  "{{collector.phone}}{{/collector.phone}}: we will listen and consider what you can afford. If you "
	  "dispute the amount, please tell us why. If you have paid already, thank you, and please disregard "
	  "this letter.\n\n"
	  "Yours sincerely,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "final-notice", "letter", "pl", TEMPLATE_DEBTOR, "Ostateczne wezwanie do zapłaty",
	  "Szanowni Państwo,\n\n"
	  "pisaliśmy już do Państwa w sprawie faktur wymienionych w niniejszym piśmie, które pozostają "
	  "nieopłacone. Łączna kwota do zapłaty na rzecz {{creditor.name}} wynosi {{total}}.\n\n"
	  "Prosimy o zapłatę tej kwoty w terminie 14 dni od daty niniejszego pisma"
	  "{{#payment_instructions}} (dane do płatności: {{payment_instructions}}){{/payment_instructions}} albo "
	  "o kontakt w tym terminie w celu uzgodnienia sposobu spłaty.\n\n"
	  "Jeśli do tego czasu nie otrzymamy płatności ani wiadomości od Państwa, możemy przekazać sprawę firmie "
	  "windykacyjnej, która skontaktuje się wówczas z Państwem.\n\n"
	  "Jeśli mają Państwo trudności z zapłatą, prosimy o kontakt{{#collector.phone}} pod numerem "
	  "{{collector.phone}}{{/collector.phone}}: wysłuchamy Państwa i rozważymy, jaka forma spłaty będzie dla "
	  "Państwa możliwa. Jeśli kwestionują Państwo kwotę, prosimy o podanie przyczyny. Jeśli płatność "
	  "została już dokonana, dziękujemy i prosimy zignorować to pismo.\n\n"
	  "Z poważaniem,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "final-notice", "letter", "de", TEMPLATE_DEBTOR, "Letzte Zahlungserinnerung",
	  "Sehr geehrte Damen und Herren,\n\n"
	  "wir haben Ihnen bereits wegen der in diesem Schreiben aufgeführten Rechnungen geschrieben, die weiterhin "
	  "unbezahlt sind. Der an {{creditor.name}} noch zu zahlende Gesamtbetrag beläuft sich auf {{total}}.\n\n"
	  "Wir bitten Sie, diesen Betrag innerhalb von 14 Tagen ab dem Datum dieses Schreibens zu begleichen"
	  "{{#payment_instructions}} (Zahlungsinformationen: {{payment_instructions}}){{/payment_instructions}} oder "
	  "sich innerhalb dieser Frist mit uns in Verbindung zu setzen, um eine Zahlungsvereinbarung zu treffen.\n\n"
	  "Sollten wir bis dahin weder Ihre Zahlung erhalten noch von Ihnen hören, können wir die Angelegenheit an ein "
	  "Inkassounternehmen übergeben, das sich dann deswegen mit Ihnen in Verbindung setzen würde.\n\n"
	  "Wenn Ihnen die Zahlung Schwierigkeiten bereitet, wenden Sie sich bitte an uns{{#collector.phone}} unter "
	  "{{collector.phone}}{{/collector.phone}}: Wir hören Ihnen zu und prüfen, was Ihnen möglich ist. Sind Sie mit "
	  "dem Betrag nicht einverstanden, teilen Sie uns bitte die Gründe mit. Sollten Sie die Zahlung bereits "
	  "veranlasst haben, danken wir Ihnen und bitten Sie, dieses Schreiben als gegenstandslos zu betrachten.\n\n"
	  "Mit freundlichen Grüßen\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "final-notice", "letter", "fr", TEMPLATE_DEBTOR, "Dernier rappel avant transmission du dossier",
	  "Madame, Monsieur,\n\n"
	  "Nous vous avons déjà écrit au sujet des factures détaillées dans ce courrier, qui restent impayées. La "
	  "somme restant due à {{creditor.name}} s'élève à {{total}}.\n\n"
	  "Nous vous prions de bien vouloir régler cette somme dans un délai de 14 jours à compter de la date du "
	  "présent courrier"
	  "{{#payment_instructions}}, selon les modalités suivantes : {{payment_instructions}}"
	  "{{/payment_instructions}}, ou de nous contacter dans ce même délai afin de convenir avec nous de "
	  "modalités de paiement.\n\n"
	  "À défaut de règlement ou de nouvelles de votre part dans ce délai, nous pourrons confier votre dossier à "
	  "une société de recouvrement, qui prendrait alors contact avec vous à ce sujet.\n\n"
	  "Si vous rencontrez des difficultés de paiement, merci de nous contacter{{#collector.phone}} au "
	  "{{collector.phone}}{{/collector.phone}} : nous sommes à votre écoute et examinerons avec vous ce que vous "
	  "êtes en mesure de payer. Si vous contestez le montant, merci de nous en indiquer les raisons. Si vous avez "
	  "déjà effectué ce règlement, nous vous en remercions et vous prions de ne pas tenir compte de ce "
	  "courrier.\n\n"
	  "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n"
	  "{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	/* UK persons, two weeks after the due date, early and supportive (FCA CONC 7): consumer-gb */
	{ "arrears-letter-support", "letter", "en", TEMPLATE_DEBTOR, "Your account: missed payment",
	  "Dear {{contact.name}},\n\n"
	  "Our records show that the invoices listed in this letter are past their due date and have not been "
	  "paid. The total outstanding with {{creditor.name}} is {{total}}.\n\n"
	  "If you can, please pay this total"
	  "{{#payment_instructions}} as follows: {{payment_instructions}}{{/payment_instructions}}.\n\n"
	  "If you are finding it difficult to pay, please contact us{{#collector.phone}} on "
	  "{{collector.phone}}{{/collector.phone}}. We will listen to your circumstances and work with you to "
	  "find a way to pay that you can afford. You can also get free and impartial debt advice, for example "
	  "from MoneyHelper (moneyhelper.org.uk), National Debtline or StepChange Debt Charity.\n\n"
	  "If you disagree with any amount, please tell us. If you have paid already, thank you, and please "
	  "disregard this letter.\n\n"
	  "Yours sincerely,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	/*
	 * UK persons: the letter before claim of the Pre-Action Protocol for Debt Claims, 30 days to
	 * reply before any claim is reviewed (consumer-gb's claim-review). The Protocol's Information
	 * Sheet, Reply Form and Financial Statement go with it: recoup does not print them.
	 */
	{ "letter-before-claim", "letter", "en", TEMPLATE_DEBTOR, "Letter before claim",
	  "Dear {{contact.name}},\n\n"
	  "This is a letter before claim under the Pre-Action Protocol for Debt Claims. {{creditor.name}} "
	  "is owed {{total}} for the invoices listed in this letter, which remain unpaid despite our earlier "
	  "letters.\n\n"
	  "Please pay this total{{#payment_instructions}} as follows: {{payment_instructions}}"
	  "{{/payment_instructions}}, or contact us to discuss an arrangement to pay.\n\n"
	  "With this letter you should have an Information Sheet, a Reply Form and a Financial Statement form; "
	  "if any is missing, please contact us and we will send it. Please complete the Reply Form and return "
	  "it to us within 30 days of the date of this letter. If you do not reply within 30 days, we may start "
	  "court proceedings against you. If you reply saying that you are seeking debt advice, we will allow "
	  "you reasonable time to get it.\n\n"
	  "You can get free and impartial debt advice, for example from MoneyHelper (moneyhelper.org.uk), "
	  "National Debtline or StepChange Debt Charity. If you dispute the amount, please say so on the Reply "
	  "Form. If you have paid already, thank you, and please tell us.\n\n"
	  "Yours sincerely,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	/*
	 * Brazil (consumer-br): the written notice before a credit-bureau listing (CDC art. 43 par. 2),
	 * 15 days before consumer-br's negativacao-review. It is the creditor's own notice: the one
	 * STJ Sumula 359 asks of the bureau before it lists is the bureau's to send (for legal review).
	 */
	{ "notificacao-previa", "letter", "en", TEMPLATE_DEBTOR, "Notice before a credit bureau listing",
	  "Dear {{contact.name}},\n\n"
	  "The invoices listed in this letter are past their due date and remain unpaid. The total outstanding "
	  "with {{creditor.name}} is {{total}}.\n\n"
	  "As the Consumer Protection Code (art. 43, paragraph 2) requires, we give you written notice that, if "
	  "this total is not paid within 15 days of the date of this letter"
	  "{{#payment_instructions}} (how to pay: {{payment_instructions}}){{/payment_instructions}}, "
	  "{{creditor.name}} may ask for this amount to be listed with credit protection services.\n\n"
	  "If you disagree with any amount, or have paid already, please contact us within the same 15 days so "
	  "that we can check it.\n\n"
	  "Yours sincerely,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	{ "notificacao-previa", "letter", "pt-BR", TEMPLATE_DEBTOR, "Notificação prévia (proteção ao crédito)",
	  "Prezado(a) {{contact.name}},\n\n"
	  "As faturas relacionadas nesta carta estão vencidas e permanecem em aberto. O total em aberto com "
	  "{{creditor.name}} é de {{total}}.\n\n"
	  "Em atenção ao art. 43, § 2º, do Código de Defesa do Consumidor, comunicamos por escrito que, se este "
	  "total não for pago em até 15 dias da data desta carta"
	  "{{#payment_instructions}} (como pagar: {{payment_instructions}}){{/payment_instructions}}, "
	  "{{creditor.name}} poderá solicitar a inclusão deste débito nos órgãos de proteção ao crédito.\n\n"
	  "Caso discorde de algum valor ou já tenha efetuado o pagamento, entre em contato conosco dentro do mesmo "
	  "prazo de 15 dias para que possamos verificar.\n\n"
	  "Atenciosamente,\n{{#collector.name}}{{collector.name}}\n{{/collector.name}}{{creditor.name}}\n",
	  NULL },
	/* ---- voicemail (limited content) ---- */
	{ "default", "call", "en", TEMPLATE_VOICEMAIL_LIMITED, NULL,
	  "This is {{collector.name}} calling for {{contact.name}}. Please call me back{{#collector.phone}} on "
	  "{{collector.phone}}{{/collector.phone}}. Thank you.",
	  NULL },
	{ "default", "call", "pl", TEMPLATE_VOICEMAIL_LIMITED, NULL,
	  "Dzień dobry, mówi {{collector.name}}, wiadomość dla {{contact.name}}. Proszę o telefon"
	  "{{#collector.phone}} pod numer {{collector.phone}}{{/collector.phone}}. Dziękuję.",
	  NULL },
	{ "default", "call", "pt-BR", TEMPLATE_VOICEMAIL_LIMITED, NULL,
	  "Aqui é {{collector.name}}, recado para {{contact.name}}. Por favor retorne a ligação"
	  "{{#collector.phone}} no {{collector.phone}}{{/collector.phone}}. Obrigado.",
	  NULL },
	{ "default", "call", "de", TEMPLATE_VOICEMAIL_LIMITED, NULL,
	  "Guten Tag, hier spricht {{collector.name}} mit einer Nachricht für {{contact.name}}. Bitte rufen Sie mich"
	  "{{#collector.phone}} unter {{collector.phone}}{{/collector.phone}} zurück. Vielen Dank.",
	  NULL },
	{ "default", "call", "fr", TEMPLATE_VOICEMAIL_LIMITED, NULL,
	  "Bonjour, ici {{collector.name}}, message pour {{contact.name}}. Merci de me rappeler"
	  "{{#collector.phone}} au {{collector.phone}}{{/collector.phone}}. Bonne journée.",
	  NULL },
};

/* "pt" matches a shipped "pt-BR": a debtor who gave only the language gets its shipped variant. */
static int lang_matches(const char *want, const char *have)
{
	if (strcasecmp(want, have) == 0)
		return 1;
	size_t n = strlen(want);
	return !strchr(want, '-') && strncasecmp(want, have, n) == 0 && have[n] == '-';
}

const struct template_doc *template_shipped(const char *name, const char *channel, const char *lang,
					    enum template_audience audience)
{
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		const struct template_doc *t = &shipped[i];
		if (t->audience == audience && strcmp(t->name, name) == 0 && strcmp(t->channel, channel) == 0 &&
		    lang_matches(lang, t->lang))
			return t;
	}
	return NULL;
}

size_t template_shipped_all(const struct template_doc **out)
{
	*out = shipped;
	return sizeof(shipped) / sizeof(shipped[0]);
}
