-- The audit trail's person index without GIN's fast update. With it, each append only adds to a
-- pending list, and the append that finds the list full (gin_pending_list_limit, 4 MB) merges the
-- whole list into the index before it commits: one read in thousands waited tens of milliseconds
-- for its audit record, behind that merge. Without it each record's few person ids go into the
-- index as it is written, a steady cost. Changing the setting keeps the index; the list already
-- pending is merged once, here.
ALTER INDEX "audit_log_person_ids_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list('audit_log_person_ids_idx'::regclass);
