-- rules_breach: the code of the contact rule that refused an outbound
-- attempt at its moment (outside_hours, cease, ...), as `contact log`
-- judged it before recording the attempt all the same (it happened); ''
-- when the rules allowed it or did not judge it (inbound, no profile
-- applies, sent by recoup itself, imported). The contacts report counts
-- them (docs/reports.md, "breaches"), where before they lived only in the
-- audit entry contact.log. Rows written before this migration are '': not
-- judged then, as far as this column knows (their audit entries still say).
-- PostgreSQL's 0034 adds the same column.
ALTER TABLE contact_attempt ADD COLUMN rules_breach TEXT NOT NULL DEFAULT '';
