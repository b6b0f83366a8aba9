-- Serials of participant numbers given at online application. The seed numbers its applicants
-- from 1 upwards, so online serials start at 50,000,000 and can never meet them.
CREATE SEQUENCE "participant_serial" START WITH 50000000 MINVALUE 50000000 MAXVALUE 99999999 NO CYCLE;
