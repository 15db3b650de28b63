.PHONY: build test test-postgres browser demo ci

build:
	swift build

test:
	swift test

# Needs a PostgreSQL server; see docs/development.md.
test-postgres:
	REGIE_TEST_DATABASE_URL=$${REGIE_TEST_DATABASE_URL:-postgres://regie_test:regie_test@127.0.0.1:5432/regie_test?sslmode=disable} \
	  swift test --filter DatabaseTests

browser: build
	python3 -m pytest -q tests/browser

demo:
	swift run regie serve --demo

ci:
	bash .ci/run
