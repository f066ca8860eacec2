CREATE TABLE "rectification_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(12) NOT NULL,
	"town_code" varchar(12),
	"village_code" varchar(12),
	"rule_id" text,
	"subject_type" text,
	"subject_id" text,
	"subject_label" text,
	"location" geometry(Point,4326),
	"problem" text NOT NULL,
	"measure" text,
	"team" text NOT NULL,
	"assignee_id" integer,
	"deadline" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"note" text,
	"return_reason" text,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "task_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"task_id" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"read" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rectification_tasks" ADD CONSTRAINT "rectification_tasks_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_notices" ADD CONSTRAINT "task_notices_task_id_rectification_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."rectification_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rectification_tasks_location_gix" ON "rectification_tasks" USING gist ("location");--> statement-breakpoint
CREATE INDEX "rectification_tasks_subject_idx" ON "rectification_tasks" USING btree ("rule_id","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "rectification_tasks_village_idx" ON "rectification_tasks" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "rectification_tasks_county_idx" ON "rectification_tasks" USING btree ("county_code","state");--> statement-breakpoint
CREATE INDEX "rectification_tasks_assignee_idx" ON "rectification_tasks" USING btree ("assignee_id") WHERE assignee_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "task_notices_user_idx" ON "task_notices" USING btree ("user_id","read");--> statement-breakpoint
-- A task as the audit log records it: its fields named as the API names them (the log's region column
-- reads villageCode / countyCode), and its point. One definition for the API's writes and the triggers below.
CREATE FUNCTION rectification_task_state(t rectification_tasks) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('properties', jsonb_build_object(
    'id', t.id, 'countyCode', t.county_code, 'townCode', t.town_code, 'villageCode', t.village_code,
    'ruleId', t.rule_id, 'subjectType', t.subject_type, 'subjectId', t.subject_id, 'subjectLabel', t.subject_label,
    'problem', t.problem, 'measure', t.measure, 'team', t.team, 'assigneeId', t.assignee_id, 'deadline', t.deadline,
    'state', t.state, 'note', t.note, 'returnReason', t.return_reason, 'closedBy', t.closed_by, 'closedAt', t.closed_at,
    'version', t.version), 'geometry', ST_AsGeoJSON(t.location)::jsonb)
$$;
--> statement-breakpoint
-- A task tied to a rule follows its subject's verdict under the active profile: a pass closes it (closed by
-- the check), a fail reopens a closed one, unknown leaves it as it is. Each move is audited as the system's
-- and told to the responsible person. `judged` holds the verdicts to follow, already limited to subjects
-- that have a task: [{ rule_id, subject_type, subject_id, verdict }].
CREATE FUNCTION rectification_follow(judged jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH j AS (
    SELECT DISTINCT ON (rule_id, subject_type, subject_id) * FROM jsonb_to_recordset(judged) AS x(rule_id text, subject_type text, subject_id text, verdict text)
  ), before AS (
    SELECT t.id, t AS task, j.verdict FROM rectification_tasks t
    JOIN j ON j.rule_id = t.rule_id AND j.subject_type = t.subject_type AND j.subject_id = t.subject_id
    WHERE (j.verdict = 'pass' AND t.state <> 'closed') OR (j.verdict = 'fail' AND t.state = 'closed')
    FOR UPDATE OF t
  ), moved AS (
    UPDATE rectification_tasks t SET
      state = CASE WHEN b.verdict = 'pass' THEN 'closed' ELSE 'open' END,
      closed_by = CASE WHEN b.verdict = 'pass' THEN 'check' END,
      closed_at = CASE WHEN b.verdict = 'pass' THEN now() END,
      version = t.version + 1, updated_at = now(), updated_by = NULL
    FROM before b WHERE t.id = b.id
    RETURNING t.id, t.state, t.assignee_id, rectification_task_state(t) AS after
  ), audited AS (
    INSERT INTO audit_log (layer, feature_id, action, before, after)
    SELECT 'rectification_tasks', m.id::text, 'update', rectification_task_state(b.task), m.after FROM moved m JOIN before b ON b.id = m.id
  )
  INSERT INTO task_notices (user_id, task_id, kind)
  SELECT m.assignee_id, m.id, CASE WHEN m.state = 'closed' THEN 'closed_by_check' ELSE 'reopened_by_check' END
  FROM moved m WHERE m.assignee_id IS NOT NULL;
END $$;
--> statement-breakpoint
-- After a check run stores verdicts (a statement trigger with the stored rows as a transition table): those
-- of the active profile that move a task (a pass for an unclosed one, a fail for a closed one) are followed;
-- nothing is read when no task is tied to a rule.
CREATE FUNCTION rectification_follow_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM rectification_tasks WHERE rule_id IS NOT NULL) THEN RETURN NULL; END IF;
  PERFORM rectification_follow((
    SELECT jsonb_agg(jsonb_build_object('rule_id', s.rule_id, 'subject_type', s.subject_type, 'subject_id', s.subject_id, 'verdict', s.verdict))
    FROM stored s JOIN standards_profiles p ON p.id = s.profile_id AND p.is_active
    WHERE s.verdict IN ('pass', 'fail') AND EXISTS (
      SELECT 1 FROM rectification_tasks t WHERE t.rule_id = s.rule_id AND t.subject_type = s.subject_type AND t.subject_id = s.subject_id
        AND (t.state = 'closed') = (s.verdict = 'fail'))));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER check_results_inserted_tasks AFTER INSERT ON check_results REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION rectification_follow_stored();
--> statement-breakpoint
CREATE TRIGGER check_results_updated_tasks AFTER UPDATE ON check_results REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION rectification_follow_stored();
--> statement-breakpoint
-- A profile made active (its verdicts stored before it was): every task follows the new profile's verdicts.
CREATE FUNCTION rectification_follow_active() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rectification_follow((
    SELECT jsonb_agg(jsonb_build_object('rule_id', r.rule_id, 'subject_type', r.subject_type, 'subject_id', r.subject_id, 'verdict', r.verdict))
    FROM rectification_tasks t JOIN standards_profiles p ON p.is_active
    JOIN check_results r ON r.profile_id = p.id AND r.subject_type = t.subject_type AND r.subject_id = t.subject_id AND r.rule_id = t.rule_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER standards_profiles_activated_tasks AFTER UPDATE OF is_active ON standards_profiles FOR EACH STATEMENT EXECUTE FUNCTION rectification_follow_active();
