-- action.first_run_date, as SQLite's 0048: the run date an action was
-- first recorded with, kept when a run does it again (store_action_redo),
-- whose run_date is then that run's; NULL for an action never done again
-- (adding a column without a default rewrites no row). The partial index
-- holds those done again alone, for `recoup actions --date`.
ALTER TABLE action ADD COLUMN first_run_date date;
CREATE INDEX action_first_run_date ON action (tenant_id, first_run_date) WHERE first_run_date IS NOT NULL;
