CREATE TABLE "timetable_stops" (
	"train_no" text NOT NULL,
	"seq" smallint NOT NULL,
	"station" text NOT NULL,
	"city" text NOT NULL,
	"arrive_minute" integer,
	"depart_minute" integer,
	CONSTRAINT "timetable_stops_train_no_seq_pk" PRIMARY KEY("train_no","seq")
);
--> statement-breakpoint
CREATE TABLE "timetable_trains" (
	"train_no" text PRIMARY KEY NOT NULL,
	"train_code" text NOT NULL,
	"provider" text NOT NULL,
	"seen_from" text NOT NULL,
	"seen_to" text NOT NULL,
	"seen_date" date NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stops_at" timestamp with time zone,
	"stops_tried_at" timestamp with time zone,
	"stops_error" text
);
--> statement-breakpoint
ALTER TABLE "timetable_stops" ADD CONSTRAINT "timetable_stops_train_no_timetable_trains_train_no_fk" FOREIGN KEY ("train_no") REFERENCES "public"."timetable_trains"("train_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "timetable_stops_city_idx" ON "timetable_stops" USING btree ("city");--> statement-breakpoint
CREATE INDEX "timetable_trains_stops_idx" ON "timetable_trains" USING btree ("stops_at");