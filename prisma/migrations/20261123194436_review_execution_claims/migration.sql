-- An execution is claimed (running) before it acts, and a reopened item's queued execution is cancelled.
ALTER TYPE "ReviewExecutionStatus" ADD VALUE 'running' AFTER 'queued';
ALTER TYPE "ReviewExecutionStatus" ADD VALUE 'cancelled';

-- Dunning items raised before the review queue existed were never closed when their payment was
-- settled afterwards; the decision engine must not act on them now.
UPDATE "review_items" r
SET "status" = 'closed',
    "closed_note" = 'The payment was settled before the review queue decided it.',
    "updated_at" = now() AT TIME ZONE 'UTC'
FROM "payments" p
WHERE r."kind" = 'payment_recovery_failed'
  AND r."status" = 'pending'
  AND p."id" = r."evidence"->>'paymentId'
  AND p."status" <> 'failed';
