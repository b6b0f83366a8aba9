-- CreateIndex
CREATE INDEX "ExamSeat_attendance_applicationId_idx" ON "ExamSeat"("attendance", "applicationId");
