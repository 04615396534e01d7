-- Grain: one row per period and numbered publication: when it was published, by which run, how many files its
-- figures count, and the lock that froze it (null while it is the open version).
{{ config(materialized='view') }}
with published_versions as (
    select * from {{ ref('stg_publication_versions') }}
),

locks as (
    select * from {{ ref('stg_period_locks') }}
),

last_lock_of_version as (
    select period, version, max_by(locks, locked_at) as lock
    from locks
    group by period, version
)

select
    published_versions.period,
    published_versions.version,
    published_versions.run_id,
    published_versions.published_at,
    len(published_versions.files) as files_counted,
    len(published_versions.outputs) as files_published,
    last_lock_of_version.lock.reason as lock_reason,
    last_lock_of_version.lock.locked_by as locked_by,
    last_lock_of_version.lock.locked_at as locked_at,
    last_lock_of_version.lock.unlock_reason as unlock_reason,
    last_lock_of_version.lock.unlocked_at as unlocked_at
from published_versions
left join last_lock_of_version using (period, version)
