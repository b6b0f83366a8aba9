-- CreateEnum
CREATE TYPE "FormationStatus" AS ENUM ('PROPOSED', 'APPROVED');

-- CreateEnum
CREATE TYPE "AspirationCategory" AS ENUM ('KESEHATAN', 'PENDIDIKAN', 'ADMINISTRASI_KEPENDUDUKAN', 'INFRASTRUKTUR', 'SOSIAL', 'LAINNYA');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('SUBMITTED', 'VERIFIED', 'ANNOUNCED', 'APPEALED', 'APPEAL_ACCEPTED', 'APPEAL_REJECTED', 'REANNOUNCED');

-- CreateEnum
CREATE TYPE "AdminResult" AS ENUM ('MS', 'TMS');

-- CreateEnum
CREATE TYPE "TmsReason" AS ENUM ('DOKUMEN_TIDAK_LENGKAP', 'DOKUMEN_TIDAK_TERBACA', 'KUALIFIKASI_PENDIDIKAN_TIDAK_SESUAI', 'IPK_TIDAK_MEMENUHI', 'USIA_TIDAK_MEMENUHI', 'DATA_TIDAK_SESUAI');

-- CreateEnum
CREATE TYPE "AppealDecision" AS ENUM ('ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('KTP', 'IJAZAH', 'TRANSKRIP', 'PAS_FOTO', 'SURAT_LAMARAN', 'SURAT_PERNYATAAN', 'SERTIFIKAT_PENDIDIK', 'STR', 'SURAT_KETERANGAN_DISABILITAS');

-- CreateEnum
CREATE TYPE "AnnouncementStage" AS ENUM ('ADMINISTRASI', 'SKD', 'SKB', 'FINAL');

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('OFFICIAL', 'VERIFIER', 'ADMIN');

-- DropIndex
DROP INDEX "Application_formationId_idx";

-- AlterTable
ALTER TABLE "Applicant" ADD COLUMN     "passwordHash" TEXT;

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "adminResult" "AdminResult",
ADD COLUMN     "announcedAt" TIMESTAMP(3),
ADD COLUMN     "reannouncedAt" TIMESTAMP(3),
ADD COLUMN     "status" "ApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
ADD COLUMN     "tmsReason" "TmsReason",
ADD COLUMN     "verifiedAt" TIMESTAMP(3),
ADD COLUMN     "verifiedById" INTEGER;

-- AlterTable
ALTER TABLE "Formation" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "extraDocuments" "DocumentKind"[],
ADD COLUMN     "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "staffingNeedId" INTEGER,
ADD COLUMN     "status" "FormationStatus" NOT NULL DEFAULT 'APPROVED';

-- CreateTable
CREATE TABLE "StaffingNeed" (
    "id" SERIAL NOT NULL,
    "serviceUnitId" INTEGER NOT NULL,
    "selectionYearId" INTEGER NOT NULL,
    "jobTitle" TEXT NOT NULL,
    "educationLevel" "EducationLevel" NOT NULL,
    "serviceLoad" INTEGER NOT NULL,
    "currentStaff" INTEGER NOT NULL,
    "expectedRetirements" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffingNeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceAspiration" (
    "id" SERIAL NOT NULL,
    "regionId" INTEGER NOT NULL,
    "serviceUnitId" INTEGER,
    "category" "AspirationCategory" NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceAspiration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decision" "AppealDecision",
    "response" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedById" INTEGER,

    CONSTRAINT "Appeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicantDocument" (
    "id" SERIAL NOT NULL,
    "applicantId" INTEGER NOT NULL,
    "applicationId" INTEGER,
    "kind" "DocumentKind" NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mediaType" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicantDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Announcement" (
    "id" SERIAL NOT NULL,
    "selectionYearId" INTEGER NOT NULL,
    "stage" "AnnouncementStage" NOT NULL,
    "formationId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "replacesId" INTEGER,
    "note" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Announcement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnouncementEntry" (
    "id" SERIAL NOT NULL,
    "announcementId" INTEGER NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "participantNumber" TEXT NOT NULL,
    "resultCode" TEXT NOT NULL,
    "rank" INTEGER,

    CONSTRAINT "AnnouncementEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServerSecret" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServerSecret_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "StaffingNeed_selectionYearId_idx" ON "StaffingNeed"("selectionYearId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffingNeed_serviceUnitId_selectionYearId_jobTitle_key" ON "StaffingNeed"("serviceUnitId", "selectionYearId", "jobTitle");

-- CreateIndex
CREATE INDEX "ServiceAspiration_regionId_category_idx" ON "ServiceAspiration"("regionId", "category");

-- CreateIndex
CREATE UNIQUE INDEX "Appeal_applicationId_key" ON "Appeal"("applicationId");

-- CreateIndex
CREATE INDEX "ApplicantDocument_applicationId_idx" ON "ApplicantDocument"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicantDocument_applicantId_kind_key" ON "ApplicantDocument"("applicantId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Announcement_replacesId_key" ON "Announcement"("replacesId");

-- CreateIndex
CREATE INDEX "Announcement_selectionYearId_stage_idx" ON "Announcement"("selectionYearId", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "Announcement_formationId_stage_version_key" ON "Announcement"("formationId", "stage", "version");

-- CreateIndex
CREATE INDEX "AnnouncementEntry_applicationId_idx" ON "AnnouncementEntry"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "AnnouncementEntry_announcementId_applicationId_key" ON "AnnouncementEntry"("announcementId", "applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "Application_formationId_status_idx" ON "Application"("formationId", "status");

-- CreateIndex
CREATE INDEX "Application_selectionYearId_status_idx" ON "Application"("selectionYearId", "status");

-- CreateIndex
CREATE INDEX "Formation_staffingNeedId_idx" ON "Formation"("staffingNeedId");

-- AddForeignKey
ALTER TABLE "Formation" ADD CONSTRAINT "Formation_staffingNeedId_fkey" FOREIGN KEY ("staffingNeedId") REFERENCES "StaffingNeed"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_verifiedById_fkey" FOREIGN KEY ("verifiedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffingNeed" ADD CONSTRAINT "StaffingNeed_serviceUnitId_fkey" FOREIGN KEY ("serviceUnitId") REFERENCES "ServiceUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffingNeed" ADD CONSTRAINT "StaffingNeed_selectionYearId_fkey" FOREIGN KEY ("selectionYearId") REFERENCES "SelectionYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceAspiration" ADD CONSTRAINT "ServiceAspiration_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceAspiration" ADD CONSTRAINT "ServiceAspiration_serviceUnitId_fkey" FOREIGN KEY ("serviceUnitId") REFERENCES "ServiceUnit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicantDocument" ADD CONSTRAINT "ApplicantDocument_applicantId_fkey" FOREIGN KEY ("applicantId") REFERENCES "Applicant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicantDocument" ADD CONSTRAINT "ApplicantDocument_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_selectionYearId_fkey" FOREIGN KEY ("selectionYearId") REFERENCES "SelectionYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_formationId_fkey" FOREIGN KEY ("formationId") REFERENCES "Formation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "Announcement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnouncementEntry" ADD CONSTRAINT "AnnouncementEntry_announcementId_fkey" FOREIGN KEY ("announcementId") REFERENCES "Announcement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnouncementEntry" ADD CONSTRAINT "AnnouncementEntry_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
