-- run_watch without its index of dates (SQLite's 0043 says why: every visit
-- moves its customer's next date, and the index's entries moved with it).
-- Here it also lets an update of a watch row that changes its date alone be
-- a HOT update (no index holds next_date), where each was a new entry in
-- both indexes. The due customers are read by a scan of run_watch.
DROP INDEX run_watch_next;
