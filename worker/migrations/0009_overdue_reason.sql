-- 超期原因: 优化营商环境条例第三十六条 — "超过办理时间的，办理单位应当公开说明理由". A case completed past its
-- promise carries the reason the clerk wrote (the centre head may correct it); it is published with the item
-- and the month, never with the applicant, so it must name no person.
ALTER TABLE applications ADD COLUMN overdue_reason TEXT;
