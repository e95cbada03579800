-- The peer: the benchmark subset in DuckDB SQL, written as an analyst who
-- knows DuckDB well would write it (window functions, range joins, one
-- pass per table), on the same Parquet files the engine reads.
--
-- Definitions are the engine's (scorecard-compute/src/measures/*.rs):
--   CIN1  referrals in the month                       (count)
--   CIN2  referrals in the 12 months to month end per 10,000 children
--   CIN4  % of the month's referrals with an earlier referral of the same
--         child in the 12 months before (date - 12 months <= earlier < date)
--   CIN6  assessments authorised in the month           (count)
--   CIN8  % of them authorised within 45 working days of the start
--   SG7   initial child protection conferences in the month (count)
--   SG6   % of the month's conferences with a recorded section 47 start
--         held within 15 working days of it
--   CIN18 children on a CP plan at month end (start <= month end < end)
--   CIN19 CIN18 per 10,000 children
--   SG14  % of plans open at month end that started 24 months or more before
--   CF1   children looked after at month end (short breaks V3/V4 left out)
-- Working days between a and b: b's cumulative count minus a's (a excluded,
-- b included), from the engine's calendar (`scorecard calendar`).
-- Row validation as the engine's: blank LA or child id, exact duplicate
-- rows, end before start, authorised before start, decision before
-- referral, conference before its section 47 start are left out.
-- Placeholders: {dir} data folder, {calendar} calendar CSV, {first} and
-- {last} first days of the first and last reported months.

WITH
cal AS (
    SELECT "date" AS d, working_days_to AS wd
    FROM read_csv('{calendar}', columns = {'date': 'DATE', 'working_day': 'BOOLEAN', 'working_days_to': 'BIGINT'}, header = true)
),
pop AS (
    SELECT new_la_code AS la, time_period::INTEGER AS year, population_estimate::BIGINT AS children
    FROM read_csv('{dir}/population.csv', all_varchar = true)
    WHERE geographic_level = 'Local authority' AND age_group = 'Children aged 0 to 17 years'
),
-- The reported months, and the 11 before the first for rolling windows.
grid_months AS (
    SELECT CAST(m AS DATE) AS month_start,
           CAST(m + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS eom
    FROM range(DATE '{first}' - INTERVAL 11 MONTH, DATE '{last}' + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m)
),
months AS (SELECT * FROM grid_months WHERE month_start >= DATE '{first}'),
referrals AS (
    SELECT DISTINCT * FROM read_parquet('{dir}/referrals.parquet')
    WHERE trim(la) <> '' AND trim(child_id) <> ''
      AND (decision_date IS NULL OR decision_date >= "date")
),
assessments AS (
    SELECT DISTINCT * FROM read_parquet('{dir}/assessments.parquet')
    WHERE trim(la) <> '' AND trim(child_id) <> ''
      AND (authorised IS NULL OR authorised >= start)
),
icpcs AS (
    SELECT DISTINCT * FROM read_parquet('{dir}/icpcs.parquet')
    WHERE trim(la) <> '' AND trim(child_id) <> ''
      AND (s47_start IS NULL OR s47_start <= "date")
),
cp_plans AS (
    SELECT DISTINCT * FROM read_parquet('{dir}/cp_plans.parquet')
    WHERE trim(la) <> '' AND trim(child_id) <> '' AND ("end" IS NULL OR "end" >= start)
),
cla AS (
    SELECT la, child_id, start, "end" FROM (
        SELECT DISTINCT * FROM read_parquet('{dir}/cla_episodes.parquet')
        WHERE trim(la) <> '' AND trim(child_id) <> '' AND ("end" IS NULL OR "end" >= start)
    ) WHERE coalesce(trim(legal_status), '') NOT IN ('V3', 'V4')
),
las AS (
    SELECT la FROM referrals UNION SELECT la FROM assessments UNION SELECT la FROM icpcs
    UNION SELECT la FROM cp_plans UNION SELECT la FROM cla
),
grid AS (SELECT la, month_start, eom FROM las CROSS JOIN grid_months),
la_pop AS (
    -- The latest estimate for a year up to the month's calendar year.
    SELECT g.la, g.month_start, (
        SELECT children FROM pop p WHERE p.la = g.la AND p.year <= year(g.month_start)
        ORDER BY p.year DESC LIMIT 1) AS children
    FROM (SELECT DISTINCT la, month_start FROM grid WHERE month_start >= DATE '{first}') g
),
-- Referrals: the latest earlier referral of the same child, strictly before.
ref_prev AS (
    SELECT la, "date",
           max("date") OVER (PARTITION BY la, child_id ORDER BY "date"
                             RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS prev
    FROM referrals
),
ref_month AS (
    SELECT la, CAST(date_trunc('month', "date") AS DATE) AS month_start, count(*) AS n,
           count(*) FILTER (WHERE prev IS NOT NULL AND prev >= "date" - INTERVAL 12 MONTH) AS repeats
    FROM ref_prev GROUP BY ALL
),
ref_grid AS (
    SELECT g.la, g.month_start, coalesce(r.n, 0) AS n, coalesce(r.repeats, 0) AS repeats,
           sum(coalesce(r.n, 0)) OVER (PARTITION BY g.la ORDER BY g.month_start
                                       ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) AS n12
    FROM grid g LEFT JOIN ref_month r USING (la, month_start)
),
ass_month AS (
    SELECT a.la, CAST(date_trunc('month', a.authorised) AS DATE) AS month_start, count(*) AS n,
           count(ce.wd - cs.wd) AS timed,
           count(*) FILTER (WHERE ce.wd - cs.wd <= 45) AS timely
    FROM assessments a
    LEFT JOIN cal cs ON cs.d = a.start
    LEFT JOIN cal ce ON ce.d = a.authorised
    WHERE a.authorised IS NOT NULL
    GROUP BY ALL
),
icpc_month AS (
    SELECT c.la, CAST(date_trunc('month', c."date") AS DATE) AS month_start, count(*) AS n,
           count(ce.wd - cs.wd) AS timed,
           count(*) FILTER (WHERE ce.wd - cs.wd <= 15) AS timely
    FROM icpcs c
    LEFT JOIN cal cs ON cs.d = c.s47_start
    LEFT JOIN cal ce ON ce.d = c."date"
    GROUP BY ALL
),
plans_open AS (
    SELECT m.month_start, p.la,
           count(DISTINCT p.child_id) AS children,
           count(*) AS plans,
           count(*) FILTER (WHERE p.start + INTERVAL 24 MONTH <= m.eom) AS two_years
    FROM cp_plans p JOIN months m ON p.start <= m.eom AND (p."end" IS NULL OR p."end" > m.eom)
    GROUP BY ALL
),
cla_open AS (
    SELECT m.month_start, e.la, count(DISTINCT e.child_id) AS children
    FROM cla e JOIN months m ON e.start <= m.eom AND (e."end" IS NULL OR e."end" > m.eom)
    GROUP BY ALL
),
base AS (
    SELECT g.la, g.month_start, lp.children AS population,
           r.n AS referrals, r.n12 AS referrals12, r.repeats,
           coalesce(a.n, 0) AS assessments, coalesce(a.timed, 0) AS a_timed, coalesce(a.timely, 0) AS a_timely,
           coalesce(c.n, 0) AS icpcs, coalesce(c.timed, 0) AS c_timed, coalesce(c.timely, 0) AS c_timely,
           coalesce(p.children, 0) AS cp_children, coalesce(p.plans, 0) AS cp_plans, coalesce(p.two_years, 0) AS cp_two_years,
           coalesce(l.children, 0) AS cla_children
    FROM grid g
    JOIN la_pop lp USING (la, month_start)
    JOIN ref_grid r USING (la, month_start)
    LEFT JOIN ass_month a USING (la, month_start)
    LEFT JOIN icpc_month c USING (la, month_start)
    LEFT JOIN plans_open p USING (la, month_start)
    LEFT JOIN cla_open l USING (la, month_start)
),
results AS (
    SELECT la, month_start, 'CIN1' AS ref, referrals AS numerator, NULL::BIGINT AS denominator, referrals::DOUBLE AS value FROM base
    UNION ALL SELECT la, month_start, 'CIN2', referrals12, population, referrals12 * 10000.0 / population FROM base
    UNION ALL SELECT la, month_start, 'CIN4', repeats, referrals, CASE WHEN referrals > 0 THEN repeats * 100.0 / referrals END FROM base
    UNION ALL SELECT la, month_start, 'CIN6', assessments, NULL, assessments FROM base
    UNION ALL SELECT la, month_start, 'CIN8', a_timely, a_timed, CASE WHEN a_timed > 0 THEN a_timely * 100.0 / a_timed END FROM base
    UNION ALL SELECT la, month_start, 'SG7', icpcs, NULL, icpcs FROM base
    UNION ALL SELECT la, month_start, 'SG6', c_timely, c_timed, CASE WHEN c_timed > 0 THEN c_timely * 100.0 / c_timed END FROM base
    UNION ALL SELECT la, month_start, 'CIN18', cp_children, NULL, cp_children FROM base
    UNION ALL SELECT la, month_start, 'CIN19', cp_children, population, cp_children * 10000.0 / population FROM base
    UNION ALL SELECT la, month_start, 'SG14', cp_two_years, cp_plans, CASE WHEN cp_plans > 0 THEN cp_two_years * 100.0 / cp_plans END FROM base
    UNION ALL SELECT la, month_start, 'CF1', cla_children, NULL, cla_children FROM base
)
SELECT la, ref, strftime(month_start, '%Y-%m') AS period, numerator, denominator, value
FROM results
ORDER BY la, ref, period
