-- An API token may be bound to a user (recoup token create --user): it then
-- acts as that user (their name in the audit trail, their queue and
-- customers), with its role capped at the user's. NULL: a token of no user,
-- acting as token:NAME with its own role, as before.
ALTER TABLE api_token ADD COLUMN user_id bigint;
ALTER TABLE api_token ADD FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id);
