-- CreateIndex
CREATE INDEX "ExamSeat_applicationId_idx" ON "ExamSeat"("applicationId");
