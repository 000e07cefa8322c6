-- DeepStress records schema 9 on PostgreSQL, as the store created it (pg_dump --schema-only --no-owner
-- --no-privileges of a database made by this version; comment, SET, search-path and restrict lines left out,
-- names unqualified). PostgresUpgradeTest builds a database of the previous schema from it: keep it as it is.

CREATE TABLE dataset (
    id character varying(64) NOT NULL,
    name character varying(200),
    name_key character varying(200),
    prompt_count integer,
    updated_ms bigint
);

CREATE TABLE gpu_host (
    id character varying(64) NOT NULL,
    auth character varying(20),
    command character varying(1000),
    hostname character varying(300),
    key_file character varying(1000),
    kind character varying(20),
    name character varying(200),
    name_key character varying(200),
    port integer,
    ssh_user character varying(100)
);

CREATE TABLE gpu_sample (
    id bigint NOT NULL,
    time_ms bigint,
    host character varying(200),
    gpu_index integer,
    mem_total_mib bigint,
    mem_used_mib bigint,
    name character varying(200),
    power_limit_w double precision,
    power_w double precision,
    run_id character varying(64),
    sm_clock_mhz bigint,
    temperature_c double precision,
    throttle character varying(100),
    utilization double precision,
    uuid character varying(100)
);

CREATE TABLE id_gen (
    gen_name character varying(50) NOT NULL,
    gen_value numeric(38,0)
);

CREATE TABLE model_endpoint (
    id character varying(64) NOT NULL,
    api_kind character varying(20),
    base_url character varying(1000),
    connect_timeout_ms bigint,
    first_token_timeout_ms bigint,
    headers_json character varying(8000),
    model character varying(200),
    name character varying(200),
    name_key character varying(200),
    secret_key character varying(300),
    total_timeout_ms bigint,
    updated_ms bigint,
    verify_tls boolean
);

CREATE TABLE prompt (
    id character varying(80) NOT NULL,
    dataset_id character varying(64),
    follow_ups text,
    input_tokens integer,
    output_tokens integer,
    "position" integer,
    prompt_id character varying(200),
    text text
);

CREATE TABLE request_sample (
    id bigint NOT NULL,
    attempt integer,
    chars bigint,
    conversation_id character varying(64),
    dataset character varying(200),
    e2e_us bigint,
    error_kind character varying(40),
    error_message character varying(1000),
    http_status integer,
    idx bigint,
    input_tokens bigint,
    input_tokens_sent bigint,
    itl_count integer,
    itl_max_us bigint,
    itl_mean_us bigint,
    final_attempt boolean,
    lod integer,
    output_tokens bigint,
    output_tokens_asked bigint,
    prompt_id character varying(200),
    request_id character varying(100),
    run_id character varying(64),
    seq bigint,
    start_us bigint,
    token_source character varying(12),
    tpot_us bigint,
    ttft_us bigint,
    turn integer,
    warmup boolean
);

CREATE SEQUENCE request_sample_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE request_sample_id_seq OWNED BY request_sample.id;

CREATE TABLE run_baseline (
    scope_key character varying(200) NOT NULL,
    marked_ms bigint,
    run_id character varying(64),
    scope character varying(200)
);

CREATE TABLE run_dataset (
    id character varying(300) NOT NULL,
    avg_gen_speed double precision,
    avg_response_s double precision,
    avg_tps double precision,
    chars bigint,
    failed bigint,
    name character varying(200),
    pos integer,
    run_id character varying(64),
    succeeded bigint,
    tokens bigint,
    total bigint,
    total_time_s double precision,
    weight double precision
);

CREATE TABLE run_timeline (
    run_id character varying(64) NOT NULL,
    timeline_gz bytea
);

CREATE TABLE schema_version (
    id integer NOT NULL,
    updated_ms bigint,
    version integer
);

CREATE TABLE test_config (
    id character varying(64) NOT NULL,
    backoff_ms bigint,
    concurrency integer,
    connect_timeout_ms bigint,
    endpoint_id character varying(64),
    extra_body character varying(8000),
    first_token_timeout_ms bigint,
    include_usage boolean,
    load_kind character varying(10),
    max_backoff_ms bigint,
    max_concurrency integer,
    max_duration_ms bigint,
    max_requests bigint,
    max_tokens integer,
    name character varying(200),
    name_key character varying(200),
    one_pass boolean,
    poisson boolean,
    rate double precision,
    retries integer,
    slo_expr character varying(2000),
    stream boolean,
    sweep_levels character varying(2000),
    temperature double precision,
    total_timeout_ms bigint,
    updated_ms bigint,
    warmup integer
);

CREATE TABLE test_config_dataset (
    id character varying(80) NOT NULL,
    config_id character varying(64),
    dataset_name character varying(200),
    "position" integer,
    weight double precision
);

CREATE TABLE test_run (
    run_id character varying(64) NOT NULL,
    achieved_rate double precision,
    app_version character varying(40),
    attempts bigint,
    avg_gen_speed double precision,
    avg_response_s double precision,
    avg_tps double precision,
    batch_id character varying(64),
    concurrency integer,
    config_json character varying(32000),
    config_name character varying(200),
    end_ms bigint,
    endpoint_name character varying(200),
    endpoint_url character varying(1000),
    error_message character varying(2000),
    errors_json character varying(4000),
    estimated_tokens bigint,
    failed_tasks bigint,
    input_tokens bigint,
    latency_json character varying(4000),
    load_desc character varying(200),
    model character varying(200),
    name character varying(200),
    output_tokens_per_s double precision,
    requests_per_s double precision,
    slo_json character varying(16000),
    start_ms bigint,
    status character varying(20),
    successful_tasks bigint,
    target_rate double precision,
    total_chars bigint,
    total_tasks bigint,
    total_time_s double precision,
    total_tokens bigint,
    ttft_p50_ms double precision,
    updated_ms bigint
);

ALTER TABLE ONLY request_sample ALTER COLUMN id SET DEFAULT nextval('request_sample_id_seq'::regclass);

ALTER TABLE ONLY dataset
    ADD CONSTRAINT dataset_pkey PRIMARY KEY (id);

ALTER TABLE ONLY gpu_host
    ADD CONSTRAINT gpu_host_pkey PRIMARY KEY (id);

ALTER TABLE ONLY gpu_sample
    ADD CONSTRAINT gpu_sample_pkey PRIMARY KEY (id);

ALTER TABLE ONLY id_gen
    ADD CONSTRAINT id_gen_pkey PRIMARY KEY (gen_name);

ALTER TABLE ONLY model_endpoint
    ADD CONSTRAINT model_endpoint_pkey PRIMARY KEY (id);

ALTER TABLE ONLY prompt
    ADD CONSTRAINT prompt_pkey PRIMARY KEY (id);

ALTER TABLE ONLY request_sample
    ADD CONSTRAINT request_sample_pkey PRIMARY KEY (id);

ALTER TABLE ONLY run_baseline
    ADD CONSTRAINT run_baseline_pkey PRIMARY KEY (scope_key);

ALTER TABLE ONLY run_dataset
    ADD CONSTRAINT run_dataset_pkey PRIMARY KEY (id);

ALTER TABLE ONLY run_timeline
    ADD CONSTRAINT run_timeline_pkey PRIMARY KEY (run_id);

ALTER TABLE ONLY schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (id);

ALTER TABLE ONLY test_config_dataset
    ADD CONSTRAINT test_config_dataset_pkey PRIMARY KEY (id);

ALTER TABLE ONLY test_config
    ADD CONSTRAINT test_config_pkey PRIMARY KEY (id);

ALTER TABLE ONLY test_run
    ADD CONSTRAINT test_run_pkey PRIMARY KEY (run_id);

CREATE UNIQUE INDEX dataset_name_key ON dataset USING btree (name_key);

CREATE UNIQUE INDEX gpu_host_name_key ON gpu_host USING btree (name_key);

CREATE INDEX gpu_sample_run ON gpu_sample USING btree (run_id, time_ms);

CREATE INDEX gpu_sample_time ON gpu_sample USING btree (time_ms);

CREATE UNIQUE INDEX model_endpoint_name_key ON model_endpoint USING btree (name_key);

CREATE INDEX prompt_dataset ON prompt USING btree (dataset_id, "position");

CREATE INDEX request_sample_run_lod ON request_sample USING btree (run_id, lod, seq);

CREATE INDEX run_dataset_run ON run_dataset USING btree (run_id);

CREATE INDEX test_config_dataset_config ON test_config_dataset USING btree (config_id, "position");

CREATE UNIQUE INDEX test_config_name_key ON test_config USING btree (name_key);

CREATE INDEX test_run_batch ON test_run USING btree (batch_id);

CREATE INDEX test_run_config ON test_run USING btree (config_name);

CREATE INDEX test_run_endpoint ON test_run USING btree (endpoint_name);

CREATE INDEX test_run_start ON test_run USING btree (start_ms);

CREATE INDEX test_run_status ON test_run USING btree (status);

