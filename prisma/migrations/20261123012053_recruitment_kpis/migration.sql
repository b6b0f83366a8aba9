-- CreateTable
CREATE TABLE "ApplicationTally" (
    "formationId" INTEGER NOT NULL,
    "status" "ApplicationStatus" NOT NULL,
    "verified" BOOLEAN NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "gender" "Gender" NOT NULL,
    "educationLevel" "EducationLevel" NOT NULL,
    "disability" BOOLEAN NOT NULL,
    "originRegionId" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ApplicationTally_pkey" PRIMARY KEY ("formationId","status","verified","eligible","gender","educationLevel","disability","originRegionId")
);

-- AddForeignKey
ALTER TABLE "ApplicationTally" ADD CONSTRAINT "ApplicationTally_formationId_fkey" FOREIGN KEY ("formationId") REFERENCES "Formation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ApplicationTally is kept exact by the database itself, whoever writes applications (the API,
-- the seed's bulk inserts, a migration): each statement on "Application" adds its net change in
-- one upsert, in key order (so concurrent writers lock tally rows in the same order), and a change
-- of the applicant attributes the KPIs break down by moves that applicant's applications.
-- Statement-level triggers with transition tables: one upsert per statement, not per row.
CREATE FUNCTION "application_tally_apply"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  dims CONSTANT text := 'a."formationId", a."status", a."adminResult" IS NOT NULL, coalesce(a."adminResult" = ''MS'', false), p."gender", p."educationLevel", p."disability", p."originRegionId"';
  source text;
BEGIN
  IF TG_TABLE_NAME = 'Application' THEN
    IF TG_OP = 'INSERT' THEN
      source := format('SELECT %s, 1 FROM new_rows a JOIN "Applicant" p ON p."id" = a."applicantId"', dims);
    ELSIF TG_OP = 'DELETE' THEN
      source := format('SELECT %s, -1 FROM old_rows a JOIN "Applicant" p ON p."id" = a."applicantId"', dims);
    ELSE
      source := format('SELECT %1$s, -1 FROM old_rows a JOIN "Applicant" p ON p."id" = a."applicantId"
        UNION ALL SELECT %1$s, 1 FROM new_rows a JOIN "Applicant" p ON p."id" = a."applicantId"', dims);
    END IF;
  ELSE
    source := format('SELECT %1$s, -1 FROM old_rows p JOIN "Application" a ON a."applicantId" = p."id"
      UNION ALL SELECT %1$s, 1 FROM new_rows p JOIN "Application" a ON a."applicantId" = p."id"', dims);
  END IF;
  EXECUTE format(
    'INSERT INTO "ApplicationTally" AS t ("formationId", "status", "verified", "eligible", "gender", "educationLevel", "disability", "originRegionId", "count")
     SELECT f, s, v, e, g, l, d, o, sum(n)::int FROM (%s) AS delta(f, s, v, e, g, l, d, o, n)
     GROUP BY f, s, v, e, g, l, d, o HAVING sum(n) <> 0 ORDER BY f, s, v, e, g, l, d, o
     ON CONFLICT ("formationId", "status", "verified", "eligible", "gender", "educationLevel", "disability", "originRegionId")
     DO UPDATE SET "count" = t."count" + excluded."count"', source);
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "application_tally_clear"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM "ApplicationTally";
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "application_tally_insert" AFTER INSERT ON "Application"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_tally_apply"();
CREATE TRIGGER "application_tally_update" AFTER UPDATE ON "Application"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_tally_apply"();
CREATE TRIGGER "application_tally_delete" AFTER DELETE ON "Application"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_tally_apply"();
CREATE TRIGGER "application_tally_truncate" AFTER TRUNCATE ON "Application"
  FOR EACH STATEMENT EXECUTE FUNCTION "application_tally_clear"();
CREATE TRIGGER "application_tally_applicant" AFTER UPDATE ON "Applicant"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_tally_apply"();

-- Applications already there.
INSERT INTO "ApplicationTally" ("formationId", "status", "verified", "eligible", "gender", "educationLevel", "disability", "originRegionId", "count")
SELECT a."formationId", a."status", a."adminResult" IS NOT NULL, coalesce(a."adminResult" = 'MS', false), p."gender", p."educationLevel", p."disability", p."originRegionId", count(*)::int
FROM "Application" a JOIN "Applicant" p ON p."id" = a."applicantId"
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
