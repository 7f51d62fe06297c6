-- The promised due date is computed from the acceptance day, the item's promise, the suspensions and the
-- working-day calendar whenever it is shown (core/clock.ts); the stored copy went stale on every suspension
-- and nothing read it. Drop it with its index rather than keep a second, wrong answer.
DROP INDEX IF EXISTS applications_due;
ALTER TABLE applications DROP COLUMN due_on;
