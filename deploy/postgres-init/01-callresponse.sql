-- Run once by the postgres image on an empty data volume (see docker-compose.yml).
-- Its password is this install's secret, set by deploy/lib/servers.sh (ensure_database) on every run.
CREATE ROLE callresponse WITH LOGIN CREATEDB;
CREATE DATABASE callresponse OWNER callresponse;
