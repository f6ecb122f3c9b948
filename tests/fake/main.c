/* fake-api-server: the fake API server as a program, for benchmarks and
 * manual runs. Prints its port on standard output, serves until SIGINT or
 * SIGTERM. Faults can be changed while it runs: POST /_fake/faults. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakeapi.h"

static const char usage[] =
    "usage: fake-api-server [OPTIONS]\n"
    "Serves DeepL, LibreTranslate, OpenAI-compatible and Apertium APIs on 127.0.0.1;\n"
    "prints the port, then runs until interrupted. See tests/fake/README.md.\n"
    "  -p, --port N          listen on port N (default: a free port)\n"
    "      --deepl-key KEY   the only DeepL key accepted (default: any)\n"
    "      --libre-key KEY   the LibreTranslate key required (default: none)\n"
    "      --openai-key KEY  the only Bearer key accepted (default: any)\n"
    "      --models LIST     models known, comma-separated\n"
    "      --openai-target T tag of the openai translations (default: from the prompt)\n"
    "      --json-object-only  refuse response_format json_schema\n"
    "      --flat-errors     Mistral-style flat error bodies for openai\n"
    "      --pairs LIST      Apertium pairs (default fra|spa,spa|fra,fra|eng,eng|fra)\n"
    "      --char-limit N    quota in characters (deepl 456, openai insufficient_quota)\n"
    "      --record-auth     keep Authorization values in the log\n"
    "  -l, --latency MS      delay before every reply\n"
    "  -f, --faults JSON     faults, as POST /_fake/faults takes them\n"
    "  -h, --help\n";

static unsigned long number(const char *s, const char *opt)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || end == s) {
		fprintf(stderr, "fake-api-server: %s needs a number, not '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	enum {
		O_DEEPL = 256,
		O_LIBRE,
		O_OPENAI,
		O_MODELS,
		O_TARGET,
		O_JOO,
		O_FLAT,
		O_PAIRS,
		O_LIMIT,
		O_AUTH
	};
	static const struct option opts[] = {
	    {"port", required_argument, NULL, 'p'},
	    {"deepl-key", required_argument, NULL, O_DEEPL},
	    {"libre-key", required_argument, NULL, O_LIBRE},
	    {"openai-key", required_argument, NULL, O_OPENAI},
	    {"models", required_argument, NULL, O_MODELS},
	    {"openai-target", required_argument, NULL, O_TARGET},
	    {"json-object-only", no_argument, NULL, O_JOO},
	    {"flat-errors", no_argument, NULL, O_FLAT},
	    {"pairs", required_argument, NULL, O_PAIRS},
	    {"char-limit", required_argument, NULL, O_LIMIT},
	    {"record-auth", no_argument, NULL, O_AUTH},
	    {"latency", required_argument, NULL, 'l'},
	    {"faults", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct fake_config cfg;
	memset(&cfg, 0, sizeof cfg);
	char *poison = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "p:l:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			cfg.port = (unsigned short)number(optarg, "--port");
			break;
		case O_DEEPL:
			cfg.deepl_key = optarg;
			break;
		case O_LIBRE:
			cfg.libre_key = optarg;
			break;
		case O_OPENAI:
			cfg.openai_key = optarg;
			break;
		case O_MODELS:
			cfg.openai_models = optarg;
			break;
		case O_TARGET:
			cfg.openai_target = optarg;
			break;
		case O_JOO:
			cfg.openai_json_object_only = 1;
			break;
		case O_FLAT:
			cfg.openai_flat_errors = 1;
			break;
		case O_PAIRS:
			cfg.apertium_pairs = optarg;
			break;
		case O_LIMIT:
			cfg.char_limit = number(optarg, "--char-limit");
			break;
		case O_AUTH:
			cfg.record_auth = 1;
			break;
		case 'l':
			cfg.faults.latency_ms = (unsigned)number(optarg, "--latency");
			break;
		case 'f': {
			char why[256];
			free(poison);
			if (fake_faults_from_json(optarg, &cfg.faults, &poison, why,
			                          sizeof why) != 0) {
				fprintf(stderr, "fake-api-server: %s\n", why);
				return 2;
			}
			break;
		}
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fputs(usage, stderr);
		return 2;
	}

	/* the daemon's threads inherit this mask: only sigwait() sees them */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	struct fake *f = fake_new(&cfg);
	if (!f) {
		fprintf(stderr, "fake-api-server: cannot listen on 127.0.0.1:%u: %s\n",
		        (unsigned)cfg.port, strerror(errno));
		free(poison);
		return 1;
	}
	printf("%u\n", (unsigned)fake_port(f));
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	fake_free(f);
	free(poison);
	return 0;
}
