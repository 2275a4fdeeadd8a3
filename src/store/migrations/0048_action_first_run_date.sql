-- action.first_run_date: the run date an action was first recorded with,
-- kept when a run does it again (store_action_redo: a message or call a
-- hold cancelled, scheduled again once the hold ends, with that run's
-- date). The action's run_date is the day of the run that decided it as
-- it stands, which counts it and lists it; the first date is history that
-- `recoup actions --date` of that day still shows (docs/strategies.md,
-- "Which step is due"). NULL for an action never done again: no row is
-- written by this migration, nor by any run that does nothing again. The
-- partial index holds those done again alone, for the listing by date.
ALTER TABLE action ADD COLUMN first_run_date TEXT;
CREATE INDEX action_first_run_date ON action(tenant_id, first_run_date) WHERE first_run_date IS NOT NULL;
