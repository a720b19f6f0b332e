# jixiao — 财政项目支出绩效自评表
#   make report YEAR=2024   生成该年度全部自评表 (outputs/<YEAR>/)
#   make test               运行全部测试
#   make check              格式 + clippy + 测试
#   make clean              删除生成的文件

CARGO ?= cargo
# YEAR defaults to the latest year folder under inputs/.
YEAR ?= $(shell ls -1 inputs 2>/dev/null | grep -E '^[0-9]{4}$$' | sort | tail -n 1)
FORM ?=

.PHONY: report test check fmt clippy clean build

build:
	$(CARGO) build --release --locked

report: build
	@test -n "$(YEAR)" || { echo "inputs/ 下没有年度文件夹 (no year folder under inputs/)"; exit 2; }
	./target/release/jixiao report --year $(YEAR) $(if $(FORM),--form $(FORM))

test:
	$(CARGO) test --locked

fmt:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --locked --all-targets -- -D warnings

check: fmt clippy test

clean:
	rm -rf outputs
	$(CARGO) clean
