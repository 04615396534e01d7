"""The raw layer's layout, and how a warehouse of any earlier layout is brought up to it.

A warehouse records in ``raw.schema_version`` each version of the layout it was created at or upgraded to. A new
warehouse is created at ``VERSION`` from ``LAYOUT``; an older one is upgraded by ``STEPS``, one version after the
other, in one transaction, so that a warehouse is always at one version or the next, never between.

Warehouses made before versions were recorded (layouts 1 to 12, each the one a commit of this repository shipped;
tests/layouts/ holds them) have no ``raw.schema_version``: they get every step from 2 on. Each step does nothing
where its change is already there, because the program of that time created the tables a warehouse lacked (though
not the columns), so one warehouse may hold parts of later layouts.
"""

import re
from collections.abc import Callable

import duckdb

SCHEMAS = ("raw", "ref", "staging", "intermediate", "marts")

LAYOUT = """
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
-- a period locked once its consolidated report was sent (giamngheo lock): its publication stays as it was sent
-- until it is unlocked (giamngheo unlock), and the next publication after that is a new version
create table raw.period_locks (
    period varchar not null,
    version integer not null,             -- the publication it froze
    reason varchar not null,              -- e.g. "sent to the province, số 123/BC-UBND"
    locked_by varchar,
    locked_at timestamp not null,
    unlock_reason varchar,
    unlocked_by varchar,
    unlocked_at timestamp                 -- null while the period is locked
);
-- a file found in a locked period's inbox: read and validated, counted in nothing until the period is unlocked
create table raw.received_after_lock (
    period varchar not null,
    locked_at timestamp not null,         -- the lock it arrived under
    source_path varchar not null,
    file_id varchar not null,
    file_name varchar not null,
    commune_code varchar,                 -- the commune it names, when it names one
    status varchar not null,              -- loaded (would count) | quarantined | needs_review, as a run would have it
    errors integer not null,
    first_seen_at timestamp not null,
    last_run_id varchar not null,
    primary key (period, locked_at, source_path, file_id)
);
-- each numbered publication of a period (1, 2, …): a new one begins with the first publication after an unlock
create table raw.publication_versions (
    period varchar not null,
    version integer not null,
    run_id varchar not null,              -- the run that last published it
    published_at timestamp not null,
    files varchar[] not null,             -- the SHA-256 of each file its figures count
    outputs struct(path varchar, sha256 varchar)[] not null, -- its published files (relative to out/) and their SHA-256
    primary key (period, version)
);
-- whether a period's files count only once the district approves them, as its last run was told (the profile's
-- review_periods)
create table raw.review_periods (
    period varchar primary key,
    required boolean not null
);
-- the district's decisions on the submissions of such a period (giamngheo approve, giamngheo reject), the latest of a
-- file's standing
create table raw.reviews (
    period varchar not null,
    file_id varchar not null,
    commune_code varchar,
    decision varchar not null,            -- approved | rejected
    note varchar,                         -- an approval's note, or the reason for a rejection (sent to the commune)
    decided_by varchar,
    decided_at timestamp not null
);
-- every figure of a numbered publication, as it was published: one row per unit and measure
create table raw.published_figures (
    period varchar not null,
    version integer not null,
    unit_level varchar not null,          -- commune | district | province
    unit_code varchar not null,
    unit_name varchar,
    district_code varchar,                -- the unit's area (null above it)
    province_code varchar,
    measure varchar not null,
    value double,
    file_id varchar,                      -- a commune's: the file its figures came from
    file_name varchar
);
"""


def _tables_of(layout: str, names: tuple[str, ...]) -> str:
    """The ``create table`` statements of ``names`` in ``layout``, each made ``if not exists``."""
    statements = [part.strip() for part in layout.split(";")]
    return ";\n".join(re.sub(r"^((?:--[^\n]*\n)*)create table ", r"\1create table if not exists ", statement)
                       for statement in statements
                       if any(f"create table raw.{name} (" in statement for name in names)) + ";"


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {name for (name,) in con.execute("select column_name from duckdb_columns() where schema_name = 'raw' "
                                            "and table_name = ?", [table]).fetchall()}


def _resolved_structure(con: duckdb.DuckDBPyConnection) -> None:
    """Layout 2: which unit list a file's commune code is from, on each file (a file was a row of raw.workbooks)."""
    if "source_path" in _columns(con, "workbooks"):
        con.execute("alter table raw.workbooks add column if not exists resolved_structure varchar")


def _one_row_per_content(con: duckdb.DuckDBPyConnection) -> None:
    """Layout 7: a file is its path and its content. Until then ``raw.workbooks`` held one row per file read, with
    its path, its status and its commune; from then on, one row per content (what it declares, when it was first
    seen) and ``raw.submissions`` one per file a run of a period found. The time a content was first loaded is when
    it was received; a file counts as present if the latest run of its period read it."""
    if "source_path" not in _columns(con, "workbooks"):
        return
    con.execute("""
        alter table raw.workbooks rename to workbooks_per_file;
        create table raw.workbooks (
            file_id varchar primary key, size_bytes bigint not null, text_encoding varchar,
            province_name varchar, province_name_cell varchar, district_name varchar, district_name_cell varchar,
            commune_name varchar, commune_name_cell varchar, commune_code varchar, commune_code_cell varchar,
            period varchar, period_cell varchar, standard varchar, standard_cell varchar,
            preparer varchar, preparer_cell varchar, prepared_on varchar, prepared_on_cell varchar,
            first_seen_at timestamp not null, received_at timestamp not null, first_run_id varchar not null);
        insert into raw.workbooks by name
            select * exclude (source_path, file_name, modified_at, resolved_commune_code, resolved_structure,
                              resolution_method, status, last_run_id, first_loaded_at, last_loaded_at),
                   first_loaded_at as first_seen_at, first_loaded_at as received_at
            from raw.workbooks_per_file;
        create table if not exists raw.submissions (
            period varchar not null, source_path varchar not null, file_id varchar not null,
            file_name varchar not null, modified_at double, copy_of varchar, resolved_commune_code varchar,
            resolved_structure varchar, resolution_method varchar, attributed_commune_code varchar,
            status varchar not null, present boolean not null, first_run_id varchar not null,
            last_run_id varchar not null, last_seen_at timestamp not null,
            primary key (period, source_path, file_id));
        insert into raw.submissions by name
            select coalesce(runs.period, files.period) as period, files.source_path, files.file_id, files.file_name,
                   files.modified_at, files.resolved_commune_code,
                   coalesce(files.resolved_structure,
                            case when files.resolved_commune_code is not null then 'legacy' end) as resolved_structure,
                   files.resolution_method, files.resolved_commune_code as attributed_commune_code, files.status,
                   files.last_run_id = (select latest.run_id from raw.runs as latest where latest.period = runs.period
                                        order by latest.started_at desc limit 1) is true as present,
                   files.first_run_id, files.last_run_id, files.last_loaded_at as last_seen_at
            from raw.workbooks_per_file as files
            left join raw.runs as runs on runs.run_id = files.last_run_id
            where coalesce(runs.period, files.period) is not null;
        drop table raw.workbooks_per_file;
    """)


def _error_periods(con: duckdb.DuckDBPyConnection) -> None:
    """Layout 7: a file's errors depend on the period of the run that read it."""
    if "period" in _columns(con, "validation_errors"):
        return
    con.execute("""alter table raw.validation_errors add column period varchar;
                   update raw.validation_errors as e set period = r.period from raw.runs as r
                   where r.run_id = e.run_id""")


# version -> what takes a warehouse from the version before to it
STEPS: dict[int, str | Callable[[duckdb.DuckDBPyConnection], None] | list] = {
    2: _resolved_structure,
    3: """create table if not exists raw.warnings (
              period varchar not null, file_id varchar not null, commune_code varchar, sheet varchar, cell varchar,
              value varchar, rule varchar not null, message_vi varchar not null, message_en varchar not null,
              run_id varchar not null)""",
    4: "alter table raw.workbooks add column if not exists text_encoding varchar",
    5: "create table if not exists raw.due_dates (period varchar primary key, due_date date not null)",
    # warnings are worked out by the models since (marts.warnings)
    6: """drop table if exists raw.warnings;
          create table if not exists raw.run_thresholds (
              period varchar not null, rule varchar not null, threshold double not null, primary key (period, rule))""",
    7: [_one_row_per_content, _error_periods,
        """create table if not exists raw.withdrawals (
               period varchar not null, file_id varchar not null, commune_code varchar, reason varchar,
               withdrawn_by varchar, withdrawn_at timestamp not null, restored_at timestamp)"""],
    8: "alter table raw.workbooks add column if not exists hidden_sheets varchar",
    9: """create table if not exists raw.affected_communes (period varchar not null, commune_code varchar not null);
          create table if not exists raw.model_state (fingerprint varchar not null, built_at timestamp not null);
          create table if not exists raw.publications (
              period varchar primary key, run_id varchar not null, published_at timestamp not null);
          alter table raw.submissions add column if not exists size_bytes bigint;
          alter table raw.submissions add column if not exists report_path varchar;
          alter table raw.submissions add column if not exists feedback_path varchar""",
    10: """alter table raw.workbooks add column if not exists kind varchar default 'aggregate';
           create table if not exists raw.households (
               file_id varchar not null, sheet varchar not null, "row" integer not null,
               household_key varchar not null, village varchar not null, household_number integer not null,
               members integer not null, is_ethnic_minority boolean not null, income_vnd bigint not null,
               deprived_indicators varchar[] not null, decided_class varchar not null,
               is_meritorious boolean not null, is_social_protection boolean not null,
               decided_class_cell varchar not null, loaded_at timestamp not null)""",
    11: "alter table raw.workbooks add column if not exists is_synthetic boolean default false",
    12: "create table if not exists raw.aliases_read (period varchar primary key, sha256 varchar not null)",
    # the version is recorded from here on
    13: """create table if not exists raw.schema_version (version integer not null, upgraded_at timestamp not null);
           alter table raw.workbooks add column if not exists
               sheet_choices struct(section varchar, sheet varchar, cell varchar, set_aside varchar[])[];
           alter table raw.households add column if not exists key_fingerprint varchar""",
    # a period run again (after a withdrawal) is suggested with the folders of its last run
    14: """alter table raw.runs add column if not exists out varchar;
           alter table raw.runs add column if not exists aliases varchar""",
    # a period locked once sent, its numbered publications, and the review of each commune's submission
    15: _tables_of(LAYOUT, ("period_locks", "received_after_lock", "publication_versions", "review_periods", "reviews",
                            "published_figures")),
}
VERSION = max(STEPS)


class SchemaError(RuntimeError):
    """The warehouse was made by a newer giamngheo than this one."""


def version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The layout version of the warehouse: None for an empty one, 1 for one made before versions were recorded
    (its steps then all run, each doing nothing where its change is there)."""
    tables = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()}
    if "schema_version" in tables:
        return con.execute("select max(version) from raw.schema_version").fetchall()[0][0] or 1
    return 1 if tables else None


def _apply(con: duckdb.DuckDBPyConnection, step) -> None:
    for part in step if isinstance(step, list) else [step]:
        part(con) if callable(part) else con.execute(part)


def ensure(con: duckdb.DuckDBPyConnection) -> tuple[int | None, int]:
    """Create the warehouse's schemas and raw tables, or upgrade them to this layout; return (the version it was at,
    None for a new one; the version it is at)."""
    found = version(con)
    if found == VERSION:
        return found, VERSION
    if found is not None and found > VERSION:
        raise SchemaError(f"kho được tạo bởi phiên bản giamngheo mới hơn (lớp dữ liệu {found}, phiên bản này đọc được "
                          f"đến {VERSION}); cập nhật giamngheo / the warehouse was made by a newer giamngheo (layout "
                          f"{found}; this one knows up to {VERSION}): update giamngheo")
    con.execute("begin transaction")
    try:
        for schema in SCHEMAS:
            con.execute(f"create schema if not exists {schema}")
        if found is None:
            con.execute(LAYOUT)
        else:
            for number in range(found + 1, VERSION + 1):
                _apply(con, STEPS[number])
        con.execute("insert into raw.schema_version values (?, now())", [VERSION])
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
    return found, VERSION
