-- CreateEnum
CREATE TYPE "RegionKind" AS ENUM ('PROVINCE', 'KABUPATEN', 'KOTA', 'KECAMATAN');

-- CreateEnum
CREATE TYPE "AgencyLevel" AS ENUM ('CENTRAL', 'PROVINCE', 'KABUPATEN', 'KOTA');

-- CreateEnum
CREATE TYPE "ServiceUnitKind" AS ENUM ('PUSKESMAS', 'HOSPITAL', 'SCHOOL', 'DISTRICT_OFFICE', 'CIVIL_REGISTRY', 'LICENSING_OFFICE', 'AGRICULTURE_OFFICE');

-- CreateEnum
CREATE TYPE "EducationLevel" AS ENUM ('SMA', 'D3', 'D4', 'S1', 'S2', 'S3');

-- CreateEnum
CREATE TYPE "FormationType" AS ENUM ('UMUM', 'CUMLAUDE', 'DISABILITAS', 'PAPUA', 'KALIMANTAN');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateTable
CREATE TABLE "Region" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "bpsCode" TEXT,
    "name" TEXT NOT NULL,
    "kind" "RegionKind" NOT NULL,
    "population" INTEGER,
    "parentId" INTEGER,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "AgencyLevel" NOT NULL,
    "regionId" INTEGER,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceUnit" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ServiceUnitKind" NOT NULL,
    "regionId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "populationServed" INTEGER NOT NULL,

    CONSTRAINT "ServiceUnit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelectionYear" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "registrationOpensAt" TIMESTAMP(3) NOT NULL,
    "registrationClosesAt" TIMESTAMP(3) NOT NULL,
    "rules" JSONB NOT NULL,

    CONSTRAINT "SelectionYear_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Formation" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "jobTitle" TEXT NOT NULL,
    "educationLevel" "EducationLevel" NOT NULL,
    "type" "FormationType" NOT NULL,
    "quota" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "serviceUnitId" INTEGER,
    "regionId" INTEGER NOT NULL,
    "selectionYearId" INTEGER NOT NULL,

    CONSTRAINT "Formation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Applicant" (
    "id" SERIAL NOT NULL,
    "nik" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "gender" "Gender" NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "educationLevel" "EducationLevel" NOT NULL,
    "major" TEXT NOT NULL,
    "gpa" DECIMAL(4,2) NOT NULL,
    "disability" BOOLEAN NOT NULL DEFAULT false,
    "originRegionId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Applicant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Application" (
    "id" SERIAL NOT NULL,
    "participantNumber" TEXT NOT NULL,
    "applicantId" INTEGER NOT NULL,
    "formationId" INTEGER NOT NULL,
    "selectionYearId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_code_key" ON "Region"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Region_bpsCode_key" ON "Region"("bpsCode");

-- CreateIndex
CREATE INDEX "Region_parentId_idx" ON "Region"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE INDEX "Agency_regionId_idx" ON "Agency"("regionId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceUnit_code_key" ON "ServiceUnit"("code");

-- CreateIndex
CREATE INDEX "ServiceUnit_regionId_idx" ON "ServiceUnit"("regionId");

-- CreateIndex
CREATE INDEX "ServiceUnit_agencyId_idx" ON "ServiceUnit"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "SelectionYear_year_key" ON "SelectionYear"("year");

-- CreateIndex
CREATE UNIQUE INDEX "Formation_code_key" ON "Formation"("code");

-- CreateIndex
CREATE INDEX "Formation_regionId_selectionYearId_idx" ON "Formation"("regionId", "selectionYearId");

-- CreateIndex
CREATE INDEX "Formation_agencyId_idx" ON "Formation"("agencyId");

-- CreateIndex
CREATE INDEX "Formation_selectionYearId_type_idx" ON "Formation"("selectionYearId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "Applicant_nik_key" ON "Applicant"("nik");

-- CreateIndex
CREATE UNIQUE INDEX "Applicant_email_key" ON "Applicant"("email");

-- CreateIndex
CREATE INDEX "Applicant_originRegionId_idx" ON "Applicant"("originRegionId");

-- CreateIndex
CREATE UNIQUE INDEX "Application_participantNumber_key" ON "Application"("participantNumber");

-- CreateIndex
CREATE INDEX "Application_formationId_idx" ON "Application"("formationId");

-- CreateIndex
CREATE UNIQUE INDEX "Application_applicantId_selectionYearId_key" ON "Application"("applicantId", "selectionYearId");

-- AddForeignKey
ALTER TABLE "Region" ADD CONSTRAINT "Region_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceUnit" ADD CONSTRAINT "ServiceUnit_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceUnit" ADD CONSTRAINT "ServiceUnit_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Formation" ADD CONSTRAINT "Formation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Formation" ADD CONSTRAINT "Formation_serviceUnitId_fkey" FOREIGN KEY ("serviceUnitId") REFERENCES "ServiceUnit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Formation" ADD CONSTRAINT "Formation_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Formation" ADD CONSTRAINT "Formation_selectionYearId_fkey" FOREIGN KEY ("selectionYearId") REFERENCES "SelectionYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Applicant" ADD CONSTRAINT "Applicant_originRegionId_fkey" FOREIGN KEY ("originRegionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_applicantId_fkey" FOREIGN KEY ("applicantId") REFERENCES "Applicant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_formationId_fkey" FOREIGN KEY ("formationId") REFERENCES "Formation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_selectionYearId_fkey" FOREIGN KEY ("selectionYearId") REFERENCES "SelectionYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
