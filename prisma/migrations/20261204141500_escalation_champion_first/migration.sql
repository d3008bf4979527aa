-- Champion-first: when the department's champions have the question to themselves, and then the hand-over time.
ALTER TABLE "Escalation" ADD COLUMN "championUntil" TIMESTAMP(3);
