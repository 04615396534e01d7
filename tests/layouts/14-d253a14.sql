-- layout 14: Issue 23, item 2 (withdraw): the run withdraw suggests is complete: the inbox, warehouse, output fol
-- the versions of this layout the warehouse was created at or upgraded to, the newest last
create table raw.schema_version (
    version integer not null,
    upgraded_at timestamp not null
);
create table raw.runs (
    run_id varchar primary key,
    period varchar not null,
    inbox varchar,
    started_at timestamp not null,
    finished_at timestamp,
    workbooks integer,
    loaded integer,
    quarantined integer,
    out varchar,                          -- the folder it published into
    aliases varchar                       -- the confirmed names it resolved communes with (a CSV)
);
-- one row per content ever read, whatever its path or period: what the workbook declares, and when it arrived
create table raw.workbooks (
    file_id varchar primary key,          -- SHA-256 of the file's bytes
    size_bytes bigint not null,
    text_encoding varchar,                -- tcvn3 | vni when its text was converted from that encoding, else null
    hidden_sheets varchar,                -- hidden sheets that hold anything (never read), else null
    -- each table read from one of several visible sheets that hold it (the one carrying the period's year): its
    -- section, the sheet read, its header's cell, and the sheets set aside; null when no table was on two sheets
    sheet_choices struct(section varchar, sheet varchar, cell varchar, set_aside varchar[])[],
    kind varchar default 'aggregate',     -- aggregate (a commune's totals) | register (its household list)
    province_name varchar, province_name_cell varchar,
    district_name varchar, district_name_cell varchar,
    commune_name varchar, commune_name_cell varchar,
    commune_code varchar, commune_code_cell varchar,
    period varchar, period_cell varchar,
    standard varchar, standard_cell varchar,
    preparer varchar, preparer_cell varchar,
    prepared_on varchar, prepared_on_cell varchar,
    is_synthetic boolean default false,   -- made up (the demo's second period, trainings), never a commune's
    first_seen_at timestamp not null,     -- when the warehouse first read this content
    received_at timestamp not null,       -- when it counts as received: first_seen_at, or the run's --received-on
    first_run_id varchar not null
);
-- one row per file (path and content) a run of a period found in its inbox, and what became of it there
create table raw.submissions (
    period varchar not null,              -- the period of the run that read it
    source_path varchar not null,
    file_id varchar not null,
    file_name varchar not null,
    modified_at double,                   -- the file's mtime, seconds since the epoch (not its time of receipt)
    copy_of varchar,                      -- the path of an identical file of the same period, which counts instead
    resolved_commune_code varchar,
    resolved_structure varchar,           -- legacy (before 1 July 2025) | 2025: which unit list the code is from
    resolution_method varchar,
    attributed_commune_code varchar,      -- the commune the file names, even when it was refused
    status varchar not null,              -- loaded | quarantined | needs_review
    present boolean not null,             -- in the inbox at the period's latest run
    first_run_id varchar not null,
    last_run_id varchar not null,
    last_seen_at timestamp not null,
    size_bytes bigint,                    -- with modified_at, how a later run knows the file is unchanged
    report_path varchar,                  -- for a refused file: its .loi.csv, and its marked-up .loi.xlsx
    feedback_path varchar,
    primary key (period, source_path, file_id)
);
create table raw.cells (
    file_id varchar not null,
    section varchar not null,             -- households | deprivation | targets | village_targets
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
create table raw.validation_errors (
    file_id varchar not null,
    sheet varchar,
    cell varchar,
    value varchar,
    rule varchar not null,
    message_vi varchar not null,
    message_en varchar not null,
    run_id varchar not null,
    period varchar                        -- errors depend on the run's period (a file of another period is refused)
);
-- the date communes' files for a period were due, as the last run of the period was told
create table raw.due_dates (
    period varchar primary key,
    due_date date not null
);
-- the warning thresholds the last run of a period used (sql/seeds/warning_thresholds.csv, or the run's options)
create table raw.run_thresholds (
    period varchar not null,
    rule varchar not null,
    threshold double not null,
    primary key (period, rule)
);
-- a submission taken out of the figures by an officer (giamngheo withdraw), and when it was put back
create table raw.withdrawals (
    period varchar not null,
    file_id varchar not null,
    commune_code varchar,
    reason varchar,
    withdrawn_by varchar,
    withdrawn_at timestamp not null,
    restored_at timestamp
);
-- the communes and periods whose submissions a run changed: what an incremental build of the models rebuilds
create table raw.affected_communes (
    period varchar not null,
    commune_code varchar not null
);
-- what the models were last fully built from (warehouse/models.py): the project, its seeds, the gazetteer
create table raw.model_state (
    fingerprint varchar not null,
    built_at timestamp not null
);
-- when a period was last published (its workbooks and the analysts' warehouse)
create table raw.publications (
    period varchar primary key,
    run_id varchar not null,
    published_at timestamp not null
);
-- one row per household of a register (raw.workbooks.kind = 'register'): no name, no identity number, only the
-- keyed hash of the number (transforms/pseudonym.py), which is the same household in every period
create table raw.households (
    file_id varchar not null,
    sheet varchar not null,
    "row" integer not null,               -- the sheet's row number, as Excel shows it
    household_key varchar not null,
    village varchar not null,
    household_number integer not null,    -- the household's number in the commune's list
    members integer not null,
    is_ethnic_minority boolean not null,
    income_vnd bigint not null,           -- per person per month
    deprived_indicators varchar[] not null, -- the standard's indicators the household is deprived on
    decided_class varchar not null,       -- poor | near_poor | average | none, as the commune decided
    is_meritorious boolean not null,
    is_social_protection boolean not null,
    decided_class_cell varchar not null,  -- where the commune wrote its class, e.g. Q7
    loaded_at timestamp not null,
    key_fingerprint varchar               -- which key made household_key (pseudonym.key_fingerprint), not the key
);
-- the confirmed names (aliases.csv, by its SHA-256) the last run of a period resolved communes with
create table raw.aliases_read (
    period varchar primary key,
    sha256 varchar not null
);
