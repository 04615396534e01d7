-- layout 3: Warnings that load: a commune's poverty rate jumping, poor up while near-poor fall, a village's hous
create table if not exists raw.runs (
    run_id varchar primary key,
    period varchar not null,
    inbox varchar,
    started_at timestamp not null,
    finished_at timestamp,
    workbooks integer,
    loaded integer,
    quarantined integer
);
create table if not exists raw.workbooks (
    file_id varchar primary key,          -- SHA-256 of the file's bytes
    source_path varchar not null,
    file_name varchar not null,
    size_bytes bigint not null,
    modified_at double not null,          -- the file's mtime, seconds since the epoch
    province_name varchar, province_name_cell varchar,
    district_name varchar, district_name_cell varchar,
    commune_name varchar, commune_name_cell varchar,
    commune_code varchar, commune_code_cell varchar,
    period varchar, period_cell varchar,
    standard varchar, standard_cell varchar,
    preparer varchar, preparer_cell varchar,
    prepared_on varchar, prepared_on_cell varchar,
    resolved_commune_code varchar,
    resolved_structure varchar,           -- legacy (before 1 July 2025) | 2025: which unit list the code is from
    resolution_method varchar,
    status varchar not null,              -- loaded | quarantined | needs_review
    first_run_id varchar not null,
    last_run_id varchar not null,
    first_loaded_at timestamp not null,
    last_loaded_at timestamp not null
);
create table if not exists raw.cells (
    file_id varchar not null,
    section varchar not null,             -- households | deprivation | targets
    sheet varchar not null,
    "row" integer not null,               -- the sheet's row number, as Excel shows it
    col varchar not null,                 -- the column letter
    village varchar,
    village_col varchar,
    is_total boolean not null,
    measure varchar not null,
    raw varchar,                          -- the cell as written
    value double,                         -- the number read from it, null if none
    loaded_at timestamp not null
);
create table if not exists raw.validation_errors (
    file_id varchar not null,
    sheet varchar,
    cell varchar,
    value varchar,
    rule varchar not null,
    message_vi varchar not null,
    message_en varchar not null,
    run_id varchar not null
);
-- warnings of a period are recomputed by each run of it: they depend on the previous period too
create table if not exists raw.warnings (
    period varchar not null,
    file_id varchar not null,
    commune_code varchar,
    sheet varchar,
    cell varchar,
    value varchar,
    rule varchar not null,
    message_vi varchar not null,
    message_en varchar not null,
    run_id varchar not null
);
