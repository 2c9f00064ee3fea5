DROP INDEX "enrollments_region_year_idx";--> statement-breakpoint
DROP INDEX "settlements_region_date_idx";--> statement-breakpoint
CREATE INDEX "enrollments_region_year_person_idx" ON "enrollments" USING btree ("region_code","year","person_id","status","scheme");--> statement-breakpoint
CREATE INDEX "settlements_region_date_idx" ON "settlements" USING btree ("region_code","bill_date","status","scheme","encounter_type","cross_province","person_id","policy_range_amount","fund_paid","critical_illness_paid","assistance_paid");