# jixiao — 财政项目支出绩效自评表
#   make report YEAR=2024   生成该年度全部自评表 (outputs/<YEAR>/)
#   make test               运行全部测试
#   make check              格式 + clippy + 测试
#   make clean              删除 outputs/ 下所有年度的报告和 target/
#   make bench              性能测试（合成 1,000 和 10,000 个项目；10,000 张混合表的 audit）
#   make bench-100k         性能测试（合成 100,000 个项目，500 个单位；约 2 分钟、4 GB 磁盘）
#   make dist               构建最快的程序 target/dist/jixiao

CARGO ?= cargo
# YEAR defaults to the latest year folder under inputs/.
YEAR ?= $(shell ls -1 inputs 2>/dev/null | grep -E '^[0-9]{4}$$' | sort | tail -n 1)
FORM ?=

.PHONY: report test check fmt clippy clean build dist bench-100k

build:
	@test -x target/release/jixiao || echo "首次构建需要几分钟（2 核约 3 分钟），之后只需几秒 (first build: a few minutes)"
	$(CARGO) build --release --locked

# The fastest binary (fat LTO, one codegen unit): target/dist/jixiao.
dist:
	$(CARGO) build --profile dist --locked

report: build
	@test -n "$(YEAR)" || { echo "inputs/ 下没有年度文件夹 (no year folder under inputs/)"; exit 2; }
	./target/release/jixiao report --year $(YEAR) $(if $(FORM),--form $(FORM))

# The fault-injection tests need the test hooks (never in the release binary).
test:
	$(CARGO) test --locked --features test-hooks

fmt:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --locked --all-targets --features test-hooks -- -D warnings

check: fmt clippy test

clean:
	rm -rf outputs
	$(CARGO) clean

# Throughput and memory of `report` on synthetic packs of 1,000 and 10,000 projects
# over 50 units (100,000 over 500 with `make bench-100k`). Prints projects per second, seconds, peak RSS and output size.
BENCH_DIR ?= target/bench
BENCH_SIZES ?= 1000 10000
# Runs per size: timings on a shared VM vary, e.g. `make bench BENCH_RUNS=3`.
BENCH_RUNS ?= 1
# Each run is timed without and with PDF (the machine's CJK font); commas
# separate the flags of one mode, `default` is none: e.g. BENCH_MODES="default --font,/path/f.ttc".
BENCH_MODES ?= --no-pdf default

# Earlier runs are moved aside and deleted only after the timings: ext4 scans
# recently deleted inodes when it creates files, and deleting 30,000 files just
# before a run slows that run's file creation by seconds.
.PHONY: bench
bench: build
	@trash=$(BENCH_DIR)/trash-$$$$; mkdir -p $$trash; \
	for n in $(BENCH_SIZES); do \
	  for d in $(BENCH_DIR)/in-$$n $(BENCH_DIR)/out-$$n $(BENCH_DIR)/out-$$n-*; do \
	    if [ -e $$d ]; then mv $$d $$trash/; fi; \
	  done; \
	  units=$$((n / 200)); if [ $$units -lt 50 ]; then units=50; fi; \
	  ./target/release/jixiao synth $$n $(BENCH_DIR)/in-$$n --units $$units --seed 2024 || exit 2; \
	  r=1; while [ $$r -le $(BENCH_RUNS) ]; do \
	    out=$(BENCH_DIR)/out-$$n; if [ $$r -gt 1 ]; then out=$$out-$$r; fi; \
	    for flags in $(BENCH_MODES); do \
	      flags=$$(echo $$flags | sed 's/^default$$//' | tr , ' '); \
	      echo "== report: $$n projects (run $$r of $(BENCH_RUNS)) $$flags"; \
	      /usr/bin/time -f "   wall %e s, user %U s, sys %S s, peak RSS %M KB (/usr/bin/time)" \
	        ./target/release/jixiao report --year 2024 --inputs $(BENCH_DIR)/in-$$n --outputs $$out $$flags 2>&1 | tail -n 2; \
	      du -sh $$out | sed 's/^/   output size /'; \
	      if [ -e $$out ]; then mv $$out $$trash/$$(basename $$out)-$$RANDOM; fi; \
	    done; \
	    r=$$((r + 1)); \
	  done; \
	done; \
	rm -rf $$trash
	scripts/bench-audit.sh 10000 $(BENCH_DIR)/audit

# The province-sized run, opt-in: 100,000 projects over 500 units.
bench-100k:
	$(MAKE) bench BENCH_SIZES=100000

# Fuzz the YAML loader and the spreadsheet reader (needs a nightly toolchain and cargo-fuzz:
# rustup toolchain install nightly && cargo install cargo-fuzz).
# New inputs go to fuzz/corpus (ignored); fuzz/seeds holds the committed seeds.
FUZZ_SECONDS ?= 60

.PHONY: fuzz
fuzz:
	mkdir -p fuzz/corpus/yaml_loader fuzz/corpus/sheet_reader
	cargo +nightly fuzz run yaml_loader fuzz/corpus/yaml_loader fuzz/seeds/yaml_loader -- -max_total_time=$(FUZZ_SECONDS)
	cargo +nightly fuzz run sheet_reader fuzz/corpus/sheet_reader fuzz/seeds/sheet_reader -- -max_total_time=$(FUZZ_SECONDS)
