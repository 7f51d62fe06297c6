-- 延长办理期限: at most once per case, by the centre head (行政许可法第四十二条 and the item's own rules).
-- JSON { "days", "unit", "basis", "reason", "at", "by" } or NULL while not extended.
ALTER TABLE applications ADD COLUMN extension_json TEXT;
