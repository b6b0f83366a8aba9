-- CreateEnum
CREATE TYPE "SurveyPeriodStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "AgeBand" AS ENUM ('BELOW_20', 'AGE_20_29', 'AGE_30_39', 'AGE_40_49', 'AGE_50_59', 'AGE_60_PLUS');

-- CreateEnum
CREATE TYPE "RespondentEducation" AS ENUM ('SD', 'SMP', 'SMA', 'DIPLOMA', 'S1', 'S2', 'S3');

-- CreateEnum
CREATE TYPE "RespondentOccupation" AS ENUM ('PNS', 'TNI_POLRI', 'SWASTA', 'WIRAUSAHA', 'PELAJAR_MAHASISWA', 'LAINNYA');

-- CreateEnum
CREATE TYPE "FeedbackKind" AS ENUM ('COMPLAINT', 'SUGGESTION');

-- CreateEnum
CREATE TYPE "FeedbackCategory" AS ENUM ('U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9', 'OTHER');

-- CreateEnum
CREATE TYPE "FeedbackStatus" AS ENUM ('OPEN', 'ANSWERED', 'CLOSED');

-- CreateEnum
CREATE TYPE "LatsarStatus" AS ENUM ('ENROLLED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "Expectation" AS ENUM ('DI_ATAS', 'SESUAI', 'DI_BAWAH');

-- CreateEnum
CREATE TYPE "SkpPredicate" AS ENUM ('SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG');

-- CreateTable
CREATE TABLE "SurveyPeriod" (
    "id" SERIAL NOT NULL,
    "serviceUnitId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "status" "SurveyPeriodStatus" NOT NULL DEFAULT 'OPEN',

    CONSTRAINT "SurveyPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" SERIAL NOT NULL,
    "periodId" INTEGER NOT NULL,
    "serviceUnitId" INTEGER NOT NULL,
    "u1" INTEGER NOT NULL,
    "u2" INTEGER NOT NULL,
    "u3" INTEGER NOT NULL,
    "u4" INTEGER NOT NULL,
    "u5" INTEGER NOT NULL,
    "u6" INTEGER NOT NULL,
    "u7" INTEGER NOT NULL,
    "u8" INTEGER NOT NULL,
    "u9" INTEGER NOT NULL,
    "gender" "Gender",
    "ageBand" "AgeBand",
    "education" "RespondentEducation",
    "occupation" "RespondentOccupation",
    "createdAt" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyGuard" (
    "periodId" INTEGER NOT NULL,
    "digest" TEXT NOT NULL,

    CONSTRAINT "SurveyGuard_pkey" PRIMARY KEY ("periodId","digest")
);

-- CreateTable
CREATE TABLE "Feedback" (
    "id" SERIAL NOT NULL,
    "serviceUnitId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "kind" "FeedbackKind" NOT NULL,
    "category" "FeedbackCategory" NOT NULL,
    "text" TEXT NOT NULL,
    "status" "FeedbackStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstAnsweredAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackAnswer" (
    "id" SERIAL NOT NULL,
    "feedbackId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "official" TEXT NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Employee" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "formationId" INTEGER NOT NULL,
    "serviceUnitId" INTEGER NOT NULL,
    "cohort" INTEGER NOT NULL,
    "startsOn" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Employee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LatsarProgramme" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,

    CONSTRAINT "LatsarProgramme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LatsarEnrolment" (
    "id" SERIAL NOT NULL,
    "programmeId" INTEGER NOT NULL,
    "employeeId" INTEGER NOT NULL,
    "status" "LatsarStatus" NOT NULL DEFAULT 'ENROLLED',
    "score" DOUBLE PRECISION,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "LatsarEnrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appraisal" (
    "id" SERIAL NOT NULL,
    "employeeId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "results" "Expectation" NOT NULL,
    "behaviour" "Expectation" NOT NULL,
    "predicate" "SkpPredicate" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Appraisal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Award" (
    "id" SERIAL NOT NULL,
    "employeeId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "citation" TEXT,
    "publicConsent" BOOLEAN NOT NULL DEFAULT false,
    "awardedOn" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Award_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SurveyPeriod_label_idx" ON "SurveyPeriod"("label");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyPeriod_serviceUnitId_label_key" ON "SurveyPeriod"("serviceUnitId", "label");

-- CreateIndex
CREATE INDEX "SurveyResponse_periodId_idx" ON "SurveyResponse"("periodId");

-- CreateIndex
CREATE INDEX "Feedback_serviceUnitId_periodId_idx" ON "Feedback"("serviceUnitId", "periodId");

-- CreateIndex
CREATE INDEX "Feedback_status_idx" ON "Feedback"("status");

-- CreateIndex
CREATE INDEX "FeedbackAnswer_feedbackId_idx" ON "FeedbackAnswer"("feedbackId");

-- CreateIndex
CREATE UNIQUE INDEX "Employee_applicationId_key" ON "Employee"("applicationId");

-- CreateIndex
CREATE INDEX "Employee_serviceUnitId_startsOn_idx" ON "Employee"("serviceUnitId", "startsOn");

-- CreateIndex
CREATE INDEX "Employee_formationId_idx" ON "Employee"("formationId");

-- CreateIndex
CREATE INDEX "Employee_cohort_idx" ON "Employee"("cohort");

-- CreateIndex
CREATE UNIQUE INDEX "LatsarProgramme_code_key" ON "LatsarProgramme"("code");

-- CreateIndex
CREATE INDEX "LatsarEnrolment_employeeId_idx" ON "LatsarEnrolment"("employeeId");

-- CreateIndex
CREATE UNIQUE INDEX "LatsarEnrolment_programmeId_employeeId_key" ON "LatsarEnrolment"("programmeId", "employeeId");

-- CreateIndex
CREATE UNIQUE INDEX "Appraisal_employeeId_year_key" ON "Appraisal"("employeeId", "year");

-- CreateIndex
CREATE INDEX "Award_year_idx" ON "Award"("year");

-- CreateIndex
CREATE UNIQUE INDEX "Award_employeeId_year_title_key" ON "Award"("employeeId", "year", "title");

-- AddForeignKey
ALTER TABLE "SurveyPeriod" ADD CONSTRAINT "SurveyPeriod_serviceUnitId_fkey" FOREIGN KEY ("serviceUnitId") REFERENCES "ServiceUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "SurveyPeriod"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_serviceUnitId_fkey" FOREIGN KEY ("serviceUnitId") REFERENCES "ServiceUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyGuard" ADD CONSTRAINT "SurveyGuard_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "SurveyPeriod"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_serviceUnitId_fkey" FOREIGN KEY ("serviceUnitId") REFERENCES "ServiceUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "SurveyPeriod"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackAnswer" ADD CONSTRAINT "FeedbackAnswer_feedbackId_fkey" FOREIGN KEY ("feedbackId") REFERENCES "Feedback"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_formationId_fkey" FOREIGN KEY ("formationId") REFERENCES "Formation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_serviceUnitId_fkey" FOREIGN KEY ("serviceUnitId") REFERENCES "ServiceUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LatsarProgramme" ADD CONSTRAINT "LatsarProgramme_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LatsarEnrolment" ADD CONSTRAINT "LatsarEnrolment_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "LatsarProgramme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LatsarEnrolment" ADD CONSTRAINT "LatsarEnrolment_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appraisal" ADD CONSTRAINT "Appraisal_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
