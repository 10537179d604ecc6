-- 012: audit rows of person searches no longer hold the term typed (issue 17, item 9). Rows written before
-- this release kept a full citizen ID number, phone or name in `target`; they keep the kind and the last four
-- digits (numbers) or the first letter (names) instead. New rows carry a keyed hash in details.term
-- (lib.people.search.search_term), which SQL cannot compute, so old rows are masked, not hashed.
UPDATE audit_log
SET target = CASE
        WHEN length(regexp_replace(coalesce(target, ''), '[^0-9]', '', 'g')) >= 9
            THEN 'number: …' || right(regexp_replace(target, '[^0-9]', '', 'g'), 4)
        ELSE 'name: ' || left(coalesce(target, ''), 1) || '**'
    END
WHERE action = 'search_people' AND json_extract_string(details, '$.term') IS NULL;
