-- Run once by the postgres image on an empty data volume (see docker-compose.yml).
CREATE ROLE callresponse WITH LOGIN CREATEDB PASSWORD 'callresponse';
CREATE DATABASE callresponse OWNER callresponse;
