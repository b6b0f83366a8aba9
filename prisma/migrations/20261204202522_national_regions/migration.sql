-- CreateEnum
CREATE TYPE "TimeZone" AS ENUM ('WIB', 'WITA', 'WIT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RegionKind" ADD VALUE 'KELURAHAN';
ALTER TYPE "RegionKind" ADD VALUE 'DESA';

-- AlterTable
ALTER TABLE "Region" ADD COLUMN     "timeZone" "TimeZone" NOT NULL DEFAULT 'WIB';

-- CreateTable
CREATE TABLE "ReferenceDataset" (
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferenceDataset_pkey" PRIMARY KEY ("name")
);

-- Existing regions take their province's time zone (Keppres 41/1987).
UPDATE "Region" SET "timeZone" = 'WITA' WHERE substr("code", 1, 2) IN ('51','52','53','63','64','65','71','72','73','74','75','76');
UPDATE "Region" SET "timeZone" = 'WIT' WHERE substr("code", 1, 2) IN ('81','82','91','92','93','94','95','96');
