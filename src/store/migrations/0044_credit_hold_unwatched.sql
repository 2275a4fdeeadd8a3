-- credit_hold no longer marks its customer for the run's watch (0040;
-- docs/strategies.md, "The way to 3x", the twenty-second session). No
-- decision of the run reads credit_hold: a credit hold stops new orders,
-- not the collection of what is owed, and the run's steps, conditions,
-- holds and snapshot never look at it (only the credit review and the
-- credit check do, store/sqlite/credit.c). But the run writes it: after its
-- walk, the credit review adds a hold for each credit_hold step the run
-- recorded (app/credit.c), and each of those marked its customer, so the
-- next day's run visited every customer that reached its credit_hold step
-- the day before, to decide nothing new: on the 1,000,000-customer book
-- the day after the first run, 7,819 of its 40,614 visits. credit_hold
-- joins the tables left out of the marks (0040's list).
-- PostgreSQL's 0041 drops its triggers the same way.
DROP TRIGGER credit_hold_watch_insert;
DROP TRIGGER credit_hold_watch_update;
DROP TRIGGER credit_hold_watch_move;
DROP TRIGGER credit_hold_watch_delete;
