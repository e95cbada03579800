-- The peer on the analyst's path (issue 12, `annex_a_large`): the benchmark
-- subset in DuckDB SQL straight from one LA's Annex A CSVs (read_csv), as an
-- analyst who knows DuckDB well would write it. The engine's definitions
-- (scorecard-compute/src/measures/*.rs) and the Annex A reader's mapping
-- (readers/annex_a/mod.rs):
--   CIN1  referrals in the month (List 3 "Date of referral")
--   CIN2  referrals in the 12 months to month end per 10,000 children
--   CIN4  % of the month's referrals with an earlier referral of the same
--         child in the 12 months before (date - 12 months <= earlier < date)
--   CIN6  assessments authorised in the month (List 4 "Continuous Assessment
--         Date of Authorisation")
--   CIN8  % of them authorised within 45 working days of the start
--   SG7   initial child protection conferences in the month (List 5 "Date of
--         Initial Child Protection Conference")
--   SG6   % of them held within 15 working days of the section 47 start
--         (List 5 "Strategy discussion initiating Section 47 Enquiry Start Date")
--   CIN18 children on a CP plan at month end (List 7 start <= month end < end)
--   CIN19 CIN18 per 10,000 children
--   SG14  % of plans open at month end that started 24 months or more before
-- Rows as the engine keeps them: a child id and the list's own date (dd/mm/yyyy)
-- present; the same event twice counted once; authorised before start,
-- conference before its section 47 start and a plan ending before it starts
-- left out. Placeholders: {dir} the LA's CSV folder, {la}, {calendar},
-- {population}, {first} and {last} (first days of the first and last months).

WITH
cal AS (
    SELECT "date" AS d, working_days_to AS wd
    FROM read_csv('{calendar}', columns = {'date': 'DATE', 'working_day': 'BOOLEAN', 'working_days_to': 'BIGINT'}, header = true)
),
pop AS (
    SELECT time_period::INTEGER AS year, population_estimate::BIGINT AS children
    FROM read_csv('{population}', all_varchar = true)
    WHERE new_la_code = '{la}' AND age_group = 'Children aged 0 to 17 years'
),
grid_months AS (
    SELECT CAST(m AS DATE) AS month_start,
           CAST(m + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS eom
    FROM range(DATE '{first}' - INTERVAL 11 MONTH, DATE '{last}' + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m)
),
months AS (SELECT * FROM grid_months WHERE month_start >= DATE '{first}'),
la_pop AS (
    SELECT m.month_start, (SELECT children FROM pop p WHERE p.year <= year(m.month_start)
                           ORDER BY p.year DESC LIMIT 1) AS children
    FROM months m
),
referrals AS (
    SELECT DISTINCT trim("Child Unique ID") AS child_id,
           try_strptime("Date of referral", '%d/%m/%Y')::DATE AS "date",
           "Referral Source" AS source, "Referral NFA?" AS nfa
    FROM read_csv('{dir}/List_3_Referrals.csv', all_varchar = true, header = true)
    WHERE coalesce(trim("Child Unique ID"), '') <> ''
      AND try_strptime("Date of referral", '%d/%m/%Y') IS NOT NULL
),
assessments AS (
    SELECT DISTINCT * FROM (
        SELECT trim("Child Unique ID") AS child_id,
               try_strptime("Continuous Assessment Start Date", '%d/%m/%Y')::DATE AS start,
               try_strptime("Continuous Assessment Date of Authorisation", '%d/%m/%Y')::DATE AS authorised,
               "Was the child assessed as requiring LA children's social care support?" AS outcome
        FROM read_csv('{dir}/List_4_Assessments.csv', all_varchar = true, header = true)
        WHERE coalesce(trim("Child Unique ID"), '') <> ''
    ) WHERE start IS NOT NULL AND (authorised IS NULL OR authorised >= start)
),
icpcs AS (
    SELECT DISTINCT * FROM (
        SELECT trim("Child Unique ID") AS child_id,
               try_strptime("Strategy discussion initiating Section 47 Enquiry Start Date", '%d/%m/%Y')::DATE AS s47_start,
               try_strptime("Date of Initial Child Protection Conference", '%d/%m/%Y')::DATE AS "date",
               "Did the Initial Child Protection Conference Result in a Child Protection Plan" AS plan
        FROM read_csv('{dir}/List_5_Section_47.csv', all_varchar = true, header = true)
        WHERE coalesce(trim("Child Unique ID"), '') <> ''
    ) WHERE s47_start IS NOT NULL AND "date" IS NOT NULL AND s47_start <= "date"
),
cp_plans AS (
    SELECT DISTINCT * FROM (
        SELECT trim("Child Unique ID") AS child_id,
               try_strptime("Child Protection Plan Start Date", '%d/%m/%Y')::DATE AS start,
               try_strptime("Child Protection Plan End Date", '%d/%m/%Y')::DATE AS "end",
               "Initial Category of Abuse" AS category,
               "Number of Previous Child Protection Plans" AS previous
        FROM read_csv('{dir}/List_7_Child_Protection.csv', all_varchar = true, header = true)
        WHERE coalesce(trim("Child Unique ID"), '') <> ''
    ) WHERE start IS NOT NULL AND ("end" IS NULL OR "end" >= start)
),
ref_prev AS (
    SELECT "date",
           max("date") OVER (PARTITION BY child_id ORDER BY "date"
                             RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS prev
    FROM referrals
),
ref_month AS (
    SELECT CAST(date_trunc('month', "date") AS DATE) AS month_start, count(*) AS n,
           count(*) FILTER (WHERE prev IS NOT NULL AND prev >= "date" - INTERVAL 12 MONTH) AS repeats
    FROM ref_prev GROUP BY ALL
),
ref_grid AS (
    SELECT g.month_start, coalesce(r.n, 0) AS n, coalesce(r.repeats, 0) AS repeats,
           sum(coalesce(r.n, 0)) OVER (ORDER BY g.month_start ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) AS n12
    FROM grid_months g LEFT JOIN ref_month r USING (month_start)
),
ass_month AS (
    SELECT CAST(date_trunc('month', a.authorised) AS DATE) AS month_start, count(*) AS n,
           count(ce.wd - cs.wd) AS timed,
           count(*) FILTER (WHERE ce.wd - cs.wd <= 45) AS timely
    FROM assessments a
    LEFT JOIN cal cs ON cs.d = a.start
    LEFT JOIN cal ce ON ce.d = a.authorised
    WHERE a.authorised IS NOT NULL
    GROUP BY ALL
),
icpc_month AS (
    SELECT CAST(date_trunc('month', c."date") AS DATE) AS month_start, count(*) AS n,
           count(ce.wd - cs.wd) AS timed,
           count(*) FILTER (WHERE ce.wd - cs.wd <= 15) AS timely
    FROM icpcs c
    LEFT JOIN cal cs ON cs.d = c.s47_start
    LEFT JOIN cal ce ON ce.d = c."date"
    GROUP BY ALL
),
plans_open AS (
    SELECT m.month_start, count(DISTINCT p.child_id) AS children, count(*) AS plans,
           count(*) FILTER (WHERE p.start + INTERVAL 24 MONTH <= m.eom) AS two_years
    FROM cp_plans p JOIN months m ON p.start <= m.eom AND (p."end" IS NULL OR p."end" > m.eom)
    GROUP BY ALL
),
base AS (
    SELECT m.month_start, lp.children AS population,
           r.n AS referrals, r.n12 AS referrals12, r.repeats,
           coalesce(a.n, 0) AS assessments, coalesce(a.timed, 0) AS a_timed, coalesce(a.timely, 0) AS a_timely,
           coalesce(c.n, 0) AS icpcs, coalesce(c.timed, 0) AS c_timed, coalesce(c.timely, 0) AS c_timely,
           coalesce(p.children, 0) AS cp_children, coalesce(p.plans, 0) AS cp_plans, coalesce(p.two_years, 0) AS cp_two_years
    FROM months m
    JOIN la_pop lp USING (month_start)
    JOIN ref_grid r USING (month_start)
    LEFT JOIN ass_month a USING (month_start)
    LEFT JOIN icpc_month c USING (month_start)
    LEFT JOIN plans_open p USING (month_start)
),
results AS (
    SELECT month_start, 'CIN1' AS ref, referrals AS numerator, NULL::BIGINT AS denominator, referrals::DOUBLE AS value FROM base
    UNION ALL SELECT month_start, 'CIN2', referrals12, population, referrals12 * 10000.0 / population FROM base
    UNION ALL SELECT month_start, 'CIN4', repeats, referrals, CASE WHEN referrals > 0 THEN repeats * 100.0 / referrals END FROM base
    UNION ALL SELECT month_start, 'CIN6', assessments, NULL, assessments FROM base
    UNION ALL SELECT month_start, 'CIN8', a_timely, a_timed, CASE WHEN a_timed > 0 THEN a_timely * 100.0 / a_timed END FROM base
    UNION ALL SELECT month_start, 'SG7', icpcs, NULL, icpcs FROM base
    UNION ALL SELECT month_start, 'SG6', c_timely, c_timed, CASE WHEN c_timed > 0 THEN c_timely * 100.0 / c_timed END FROM base
    UNION ALL SELECT month_start, 'CIN18', cp_children, NULL, cp_children FROM base
    UNION ALL SELECT month_start, 'CIN19', cp_children, population, cp_children * 10000.0 / population FROM base
    UNION ALL SELECT month_start, 'SG14', cp_two_years, cp_plans, CASE WHEN cp_plans > 0 THEN cp_two_years * 100.0 / cp_plans END FROM base
)
SELECT '{la}' AS la, ref, strftime(month_start, '%Y-%m') AS period, numerator, denominator, value
FROM results
ORDER BY la, ref, period
