-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "userId" INTEGER,
    "apiKeyId" INTEGER,
    "applicantId" INTEGER,
    "ip" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "operationName" TEXT,
    "arguments" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,
    "result" JSONB,
    "changes" JSONB NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_operation_at_idx" ON "AuditEntry"("operation", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_userId_at_idx" ON "AuditEntry"("userId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_apiKeyId_at_idx" ON "AuditEntry"("apiKeyId", "at");

-- Append-only: whatever the client, an audit entry cannot be changed or removed.
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEntry is append-only';
END
$$;

CREATE TRIGGER "AuditEntry_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"();
