/*
 * peak_rss.c — runs a command and reports its wall time, CPU time and peak
 * resident memory (wait4 rusage), for machines without GNU time.
 *
 *   peak_rss [-o REPORT] COMMAND [ARG]...
 *
 * The report is one line, `wall_s=... user_s=... sys_s=... maxrss_kb=...
 * status=...`, on stderr or in REPORT. Exits with the command's status.
 *
 * Build: cc -O2 -o peak_rss peak_rss.c
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	const char *report = NULL;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		report = argv[2];
		first = 3;
	}
	if (first >= argc) {
		fputs("usage: peak_rss [-o REPORT] COMMAND [ARG]...\n", stderr);
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("peak_rss: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[first], argv + first);
		fprintf(stderr, "peak_rss: '%s': %s\n", argv[first], strerror(errno));
		_exit(127);
	}
	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("peak_rss: wait4");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);

	FILE *out = report ? fopen(report, "w") : stderr;
	if (!out) {
		fprintf(stderr, "peak_rss: '%s': %s\n", report, strerror(errno));
		return 2;
	}
	fprintf(out, "wall_s=%.3f user_s=%.3f sys_s=%.3f maxrss_kb=%ld status=%d\n", wall,
	        seconds(ru.ru_utime), seconds(ru.ru_stime), ru.ru_maxrss, status);
	if (report)
		fclose(out);
	return status;
}
