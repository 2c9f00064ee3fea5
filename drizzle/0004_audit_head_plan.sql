-- audit_append reads the chain head as the trail's last row by id. PL/pgSQL keeps each
-- statement's plan for the life of the connection, and the hub's pooled connections live long:
-- planned while the statistics said audit_log was empty (a new database, or one analyzed before
-- the trail grew, with autovacuum off or behind), the lookup became a sequential scan and every
-- later append on that connection read the whole trail. Inside the function the planner takes the
-- primary key whatever the statistics say.
ALTER FUNCTION audit_append(varchar, jsonb) SET enable_seqscan = off;
