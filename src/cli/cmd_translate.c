/*
 * cmd_translate.c — `precis translate`: files through a backend.
 *
 * Each input goes through the text front (decode, normalize, detect; no
 * boilerplate stripping: a translated file keeps all of it) and becomes a
 * template (tr_build.c). The items of many files go to the backend in one
 * precis_backend_translate() call per source/target pair, so batches span
 * files; files are gathered in chunks of about CHUNK_ITEMS items, so that
 * outputs of a long run appear as it goes and a stopped run has its
 * finished files on disk. Then each file is rendered in input order: to
 * standard output, or under --out-dir (tr_out.c).
 *
 * Resume: an output under --out-dir that exists is complete (written to a
 * temporary file, renamed at the end); when it is at least as new as its
 * input it is skipped without sending anything. Items of the unfinished
 * files that a stopped run had already received are in the translation
 * memory, so the rest of the run costs only what was never translated.
 *
 * Languages: --from, else each input's detected language; --to, else the
 * first language of lang/ other than the source (fr ↔ en). An input
 * already in the target language is copied as it is.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/translate.h"

#define CHUNK_ITEMS 4000

struct run {
	struct cli *cli;
	struct precis_backend *b;
	struct tr_outdir od;
	int outdir;
	struct tr_job job;
	struct precis_text_opts topts;
	const char *forced;
	size_t ninputs, chunk;
	dev_t *devs;
	ino_t *inos;
	size_t nstat;
	int status, stop;
	/* counts */
	size_t files_done, files_skipped, files_failed, files_same, lost, items_failed;
	size_t chars, bytes;
	/* progress */
	struct cli_progress progress;
	double t0;
	size_t chunk_files;
};

/* What an output is made with (tr_out_write keeps it with the file): a
 * change of backend, model or target makes a finished output stale. */
static void made_by(const struct run *r, const char *to, char *buf, size_t n)
{
	const char *model = precis_backend_model(r->b);
	snprintf(buf, n, "%s %s %s", precis_backend_name(r->b), model ? model : "-", to);
}

static int worse(int a, int b)
{
	return a > b ? a : b;
}

static void draw(struct run *r, double frac_chunk, int final)
{
	if (!r->progress.on)
		return;
	struct precis_backend_stats st;
	precis_backend_stats(r->b, &st);
	size_t finished = r->files_done + r->files_skipped + r->files_failed;
	char extra[128];
	snprintf(extra, sizeof extra, "%zu chars  %zu requests  %zu retries", st.characters,
	         st.requests, st.retries);
	cli_progress_draw(&r->progress,
	                  (double)finished + frac_chunk * (double)r->chunk_files, finished,
	                  extra, final);
}

static void on_progress(void *ctx, size_t done, size_t n, size_t requests, size_t retries)
{
	(void)requests;
	(void)retries;
	draw(ctx, n ? (double)done / (double)n : 1, 0);
}

/* The default target: the first language of lang/ that is not `from`. */
static const char *other_lang(const struct cli *cli, const char *from)
{
	for (size_t i = 0; i < precis_langset_count(cli->langs); i++) {
		const char *c = precis_lang_code(precis_langset_at(cli->langs, i));
		if (strcmp(c, from) != 0)
			return c;
	}
	return NULL;
}

/* "en-US" and "en" name the same language. */
static int same_lang(const char *a, const char *b)
{
	size_t la = strcspn(a, "-_"), lb = strcspn(b, "-_");
	return la == lb && strncasecmp(a, b, la) == 0;
}

static int valid_target(const char *t)
{
	size_t n = strlen(t), i = 0;
	while (i < n && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
		i++;
	if (i < 2 || i > 3)
		return 0;
	if (i == n)
		return 1;
	if (t[i] != '-' || n - i - 1 < 2 || n - i - 1 > 8)
		return 0;
	for (i++; i < n; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
		      (t[i] >= '0' && t[i] <= '9')))
			return 0;
	return 1;
}

int cli_check_to(const struct cli *cli)
{
	if (!cli->opt.to || valid_target(cli->opt.to))
		return CLI_EXIT_OK;
	cli_error(NULL, "--to '%s': not a language code; use fr, en, en-GB, en-US...",
	          cli->opt.to);
	return CLI_EXIT_USAGE;
}

/* The target as written in names: language lowercase, region uppercase. */
static void canonical(char *out, size_t size, const char *t)
{
	snprintf(out, size, "%s", t);
	int region = 0;
	for (char *c = out; *c; c++) {
		if (*c == '-')
			region = 1;
		else if (region && *c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
		else if (!region && *c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	}
}

static int is_markdown(const char *path)
{
	size_t n = strlen(path);
	return (n > 3 && strcmp(path + n - 3, ".md") == 0) ||
	       (n > 9 && strcmp(path + n - 9, ".markdown") == 0);
}

static void file_failed(struct run *r, const char *name, const struct precis_error *err)
{
	cli_report(name, err);
	r->files_failed++;
	r->status = worse(r->status, CLI_EXIT_FAILED);
}

static void print_dry(struct run *r, const struct tr_file *f)
{
	if (!strcmp(precis_backend_name(r->b), "openai"))
		cli_printf("%s\t%zu characters\t~%zu tokens\n", f->path, f->chars,
		           (f->bytes + 3) / 4);
	else
		cli_printf("%s\t%zu characters\n", f->path, f->chars);
}

static void commit_failed(void *ctx, const char *out, const struct precis_error *err)
{
	struct run *r = ctx;
	cli_report(out, err);
	r->status = worse(r->status, CLI_EXIT_FAILED);
}

/* Renders and writes every file of the chunk, in order. */
static void emit_chunk(struct run *r)
{
	struct tr_str out = {0};
	for (size_t i = 0; i < r->job.nfiles; i++) {
		struct tr_file *f = &r->job.files[i];
		r->chars += f->chars;
		r->bytes += f->bytes;
		if (r->cli->opt.dry_run) {
			print_dry(r, f);
			r->files_done++;
			continue;
		}
		if (f->failed) {
			r->files_failed++;
			for (size_t s = 0; s < f->nsegs; s++)
				r->items_failed +=
				    f->segs[s].item != SIZE_MAX &&
				    r->job.items[f->segs[s].item].status != PRECIS_OK;
			continue;
		}
		out.len = 0;
		size_t lost = tr_render(&r->job, f, &out);
		if (lost) {
			cli_warn(
			    f->path,
			    "%zu link URL%s or code span%s came back out of place from "
			    "the backend; appended to their paragraph",
			    lost, lost == 1 ? "" : "s", lost == 1 ? "" : "s");
			r->lost += lost;
		}
		if (r->outdir) {
			struct precis_error err;
			precis_error_clear(&err);
			char made[160];
			made_by(r, f->to, made, sizeof made);
			if (tr_out_write(&r->od, f->out, out.s ? out.s : "", out.len,
			                 r->devs, r->inos, r->nstat, made,
			                 &err) != PRECIS_OK) {
				file_failed(r, f->path, &err);
				continue;
			}
			cli_info(f->path, "written to %s/%s", r->cli->opt.out_dir,
			         f->out);
		} else {
			if (r->cli->headers) {
				if (r->cli->printed)
					cli_puts("\n");
				cli_printf("==> %s <==\n", f->path);
			}
			r->cli->printed++;
			cli_write(out.s ? out.s : "", out.len);
			if (out.len && out.s[out.len - 1] != '\n')
				cli_write("\n", 1);
		}
		r->files_done++;
	}
	free(out.s);
	if (r->outdir) {
		size_t nf = tr_out_commit(&r->od, commit_failed, r);
		r->files_done -= nf;
		r->files_failed += nf;
	}
}

/* A refused batch fails every item in it, and batches span files: the
 * failed items are tried again one file at a time, so that one bad text
 * fails its own file only. Items already translated are not sent again. */
static void retry_per_file(struct run *r, const char *done, size_t first,
                           const struct tr_file *lead)
{
	struct tr_job *job = &r->job;
	size_t nfail_files = 0;
	for (size_t k = first; k < job->nfiles; k++) {
		struct tr_file *f = &job->files[k];
		if (!done[k] || f->failed || strcmp(f->to, lead->to) != 0)
			continue;
		int bad = 0;
		for (size_t s = 0; s < f->nsegs && !bad; s++)
			bad = f->segs[s].item != SIZE_MAX &&
			      job->items[f->segs[s].item].status != PRECIS_OK;
		nfail_files += bad;
	}
	if (nfail_files < 2)
		return;
	for (size_t k = first; k < job->nfiles && !r->stop; k++) {
		struct tr_file *f = &job->files[k];
		if (!done[k] || f->failed || strcmp(f->to, lead->to) != 0)
			continue;
		size_t n = 0;
		for (size_t s = 0; s < f->nsegs; s++)
			n += f->segs[s].item != SIZE_MAX &&
			     job->items[f->segs[s].item].status != PRECIS_OK;
		if (!n)
			continue;
		struct precis_tr_item *batch = cli_xmalloc(n * sizeof *batch);
		size_t *where = cli_xmalloc(n * sizeof *where);
		n = 0;
		for (size_t s = 0; s < f->nsegs; s++) {
			size_t it = f->segs[s].item;
			if (it == SIZE_MAX || job->items[it].status == PRECIS_OK)
				continue;
			where[n] = it;
			batch[n] = job->items[it];
			batch[n].out = NULL;
			batch[n++].status = PRECIS_OK;
		}
		struct precis_error err;
		precis_error_clear(&err);
		enum precis_status st =
		    precis_backend_translate(r->b, f->from, f->to, batch, n, &err);
		for (size_t q = 0; q < n; q++) {
			free(job->items[where[q]].out);
			job->items[where[q]] = batch[q];
		}
		free(batch);
		free(where);
		if (st != PRECIS_OK) {
			cli_report(err.where[0] ? err.where : precis_backend_name(r->b),
			           &err);
			r->status = worse(r->status, cli_backend_fatal(&err));
			r->stop = 1;
		}
	}
}

/* Translates the chunk: one call per source/target pair. */
static void translate_chunk(struct run *r)
{
	struct tr_job *job = &r->job;
	char *done = calloc(job->nfiles ? job->nfiles : 1, 1);
	struct precis_tr_item *batch =
	    cli_xmalloc((job->nitems ? job->nitems : 1) * sizeof *batch);
	size_t *where = cli_xmalloc((job->nitems ? job->nitems : 1) * sizeof *where);
	r->chunk_files = job->nfiles;
	for (size_t i = 0; i < job->nfiles && !r->stop; i++) {
		if (done[i] || job->files[i].failed)
			continue;
		const struct tr_file *lead = &job->files[i];
		size_t n = 0;
		for (size_t k = i; k < job->nfiles; k++) {
			struct tr_file *f = &job->files[k];
			if (done[k] || f->failed || strcmp(f->to, lead->to) != 0 ||
			    (f->from == NULL) != (lead->from == NULL) ||
			    (f->from && strcmp(f->from, lead->from) != 0))
				continue;
			done[k] = 1;
			for (size_t s = 0; s < f->nsegs; s++)
				if (f->segs[s].item != SIZE_MAX) {
					where[n] = f->segs[s].item;
					batch[n++] = job->items[f->segs[s].item];
				}
		}
		if (!n)
			continue;
		struct precis_error err;
		precis_error_clear(&err);
		enum precis_status st =
		    precis_backend_translate(r->b, lead->from, lead->to, batch, n, &err);
		for (size_t k = 0; k < n; k++)
			job->items[where[k]] = batch[k];
		if (st != PRECIS_OK) {
			cli_report(err.where[0] ? err.where : precis_backend_name(r->b),
			           &err);
			r->status = worse(r->status, cli_backend_fatal(&err));
			r->stop = 1;
		}
		if (st == PRECIS_OK && err.status != PRECIS_OK)
			retry_per_file(r, done, i, lead);
		/* Files with an item that failed are not written (a rerun retries them).
		 */
		for (size_t k = i; k < job->nfiles; k++) {
			struct tr_file *f = &job->files[k];
			if (!done[k] || f->failed)
				continue;
			for (size_t s = 0; s < f->nsegs && !f->failed; s++) {
				size_t it = f->segs[s].item;
				if (it == SIZE_MAX || job->items[it].status == PRECIS_OK)
					continue;
				f->failed = 1;
				if (st != PRECIS_OK) {
					cli_error(
					    f->path,
					    "not translated: the run stopped first");
				} else {
					cli_error(
					    f->path,
					    "not translated: %s; run again to retry it",
					    err.message[0]
					        ? err.message
					        : "the backend refused a paragraph");
				}
				r->status = worse(r->status, CLI_EXIT_FAILED);
			}
		}
	}
	/* Files of pairs never sent (stopped before): not written. */
	for (size_t i = 0; i < job->nfiles; i++)
		if (!done[i] && !job->files[i].failed && r->stop) {
			int has = 0;
			for (size_t s = 0; s < job->files[i].nsegs; s++)
				has |= job->files[i].segs[s].item != SIZE_MAX;
			if (has) {
				job->files[i].failed = 1;
				cli_error(job->files[i].path,
				          "not translated: the run stopped first");
			}
		}
	free(done);
	free(batch);
	free(where);
	emit_chunk(r);
	draw(r, 0, 0);
	tr_job_clear(job);
}

/* Reads one input into a file of the job (or skips it). */
static void add_input(struct run *r, const char *path, const char *rel, int walked)
{
	struct cli *cli = r->cli;
	struct precis_error err;
	precis_error_clear(&err);
	struct stat sst;
	int have_stat = strcmp(path, "-") != 0 && stat(path, &sst) == 0;
	if (r->outdir && walked && have_stat && r->od.real) {
		/* Outputs of an earlier run found in an input folder are not inputs. */
		char *real = realpath(path, NULL);
		size_t n = strlen(r->od.real);
		int inside = real && strncmp(real, r->od.real, n) == 0 && real[n] == '/';
		free(real);
		if (inside) {
			cli_info(path, "skipped: it is under --out-dir");
			r->ninputs--;
			r->progress.total--;
			return;
		}
	}
	char *data;
	size_t len;
	if (cli_read_input(path, &data, &len, &err) != PRECIS_OK) {
		file_failed(r, path, &err);
		return;
	}
	struct precis_doc *doc = precis_doc_new(path);
	enum precis_status st =
	    precis_text_front(doc, data, len, &r->topts, cli->det, cli->langs, &err);
	if (st != PRECIS_OK) {
		int stop = 0;
		cli_report(path, &err);
		r->files_failed++;
		r->status = worse(r->status, cli_status_of(st, &stop));
		r->stop |= stop;
		goto out;
	}
	const char *from = r->forced;
	if (!from) {
		from = precis_doc_lang(doc, NULL);
		if (strcmp(from, "und") == 0)
			from = NULL;
	}
	const char *to = cli->opt.to ? cli->opt.to : from ? other_lang(cli, from) : NULL;
	if (!to) {
		precis_error_set(
		    &err, PRECIS_E_INPUT, path,
		    "cannot tell its language, so not what to translate it into; "
		    "give --to (and --from)");
		file_failed(r, path, &err);
		goto out;
	}
	char target[32];
	canonical(target, sizeof target, to);
	char *outname = NULL;
	if (r->outdir) {
		outname = tr_out_name(rel, target, &err);
		if (!outname) {
			file_failed(r, path, &err);
			goto out;
		}
		char made[160];
		made_by(r, target, made, sizeof made);
		if (tr_out_done(&r->od, outname, have_stat ? &sst.st_mtim : NULL, r->devs,
		                r->inos, r->nstat, made) &&
		    !cli->opt.dry_run) {
			cli_info(path,
			         "skipped: %s/%s is done (remove it to translate again)",
			         cli->opt.out_dir, outname);
			r->files_skipped++;
			free(outname);
			goto out;
		}
	}
	struct tr_job *job = &r->job;
	job->files =
	    cli_xgrow(job->files, &job->fcap, job->nfiles + 1, sizeof *job->files);
	struct tr_file *f = &job->files[job->nfiles++];
	memset(f, 0, sizeof *f);
	f->path = cli_xstrdup(path);
	f->out = outname;
	f->from = from;
	snprintf(f->to, sizeof f->to, "%s", target);
	size_t tlen;
	const char *text = precis_doc_text(doc, &tlen);
	if (from && same_lang(from, target)) {
		cli_info(path, "already in %s: copied as it is", target);
		tr_add_literal(f, text, tlen);
		r->files_same++;
	} else if (is_markdown(path)) {
		/* The decoded text, before normalize joins code lines. */
		struct precis_doc *raw = precis_doc_new(path);
		struct precis_decode_opts dopts = {r->topts.encoding, r->topts.no_repair};
		if (precis_decode(raw, data, len, &dopts, &err) == PRECIS_OK) {
			const char *rt = precis_doc_text(raw, &tlen);
			tr_build_markdown(job, f, rt, tlen);
		} else {
			tr_build_text(job, f, doc);
		}
		precis_doc_free(raw);
	} else {
		tr_build_text(job, f, doc);
	}
out:
	free(data);
	precis_doc_free(doc);
}

/* The inputs of one command-line word, each with its path relative to it. */
static void add_arg(struct run *r, char *arg, struct cli_inputs *all)
{
	struct cli_inputs in;
	cli_inputs_expand(&in, &arg, arg ? 1 : 0, &r->cli->opt.globs);
	struct stat st;
	int dir =
	    arg && strcmp(arg, "-") != 0 && stat(arg, &st) == 0 && S_ISDIR(st.st_mode);
	size_t alen = arg ? strlen(arg) : 0;
	for (size_t i = 0; i < in.n && !r->stop; i++) {
		struct cli_input *input = &in.v[i];
		if (input->error || input->problem) {
			struct precis_error err;
			precis_error_clear(&err);
			cli_input_problem(input, &r->cli->opt.globs, &err);
			file_failed(r, input->path, &err);
			continue;
		}
		const char *rel;
		if (strcmp(input->path, "-") == 0)
			rel = "stdin.txt";
		else if (dir && strncmp(input->path, arg, alen) == 0)
			rel = input->path + alen + (arg[alen - 1] != '/');
		else
			rel = strrchr(input->path, '/') ? strrchr(input->path, '/') + 1
			                                : input->path;
		add_input(r, input->path, rel, dir);
		if (r->job.nitems >= r->chunk)
			translate_chunk(r);
	}
	(void)all;
	cli_inputs_release(&in);
}

static void summary(struct run *r, double elapsed)
{
	struct precis_backend_stats st;
	precis_backend_stats(r->b, &st);
	if (r->cli->opt.dry_run) {
		int tokens = !strcmp(precis_backend_name(r->b), "openai");
		cli_printf(
		    "total\t%zu file%s\t%zu characters in the files; would send %zu "
		    "characters%s in %zu request%s (%zu paragraph%s cached)",
		    r->files_done, r->files_done == 1 ? "" : "s", r->chars, st.characters,
		    "", st.requests, st.requests == 1 ? "" : "s", st.cached,
		    st.cached == 1 ? "" : "s");
		if (tokens)
			cli_printf(", ~%zu tokens", st.tokens);
		cli_printf("\n");
		return;
	}
	cli_warn(
	    NULL,
	    "%zu file%s translated (%zu up to date, %zu failed), %zu characters sent, "
	    "%zu request%s, %zu cached, %zu retr%s, %zu failed paragraph%s, %.1f s",
	    r->files_done, r->files_done == 1 ? "" : "s", r->files_skipped,
	    r->files_failed, st.characters, st.requests, st.requests == 1 ? "" : "s",
	    st.cached, st.retries, st.retries == 1 ? "y" : "ies", r->items_failed,
	    r->items_failed == 1 ? "" : "s", elapsed);
}

int cmd_translate(struct cli *cli)
{
	struct run r = {.cli = cli, .t0 = cli_now()};
	int st = cli_front_setup(cli, "from", cli->opt.from, &r.forced);
	if (st != CLI_EXIT_OK)
		return st;
	st = cli_check_to(cli);
	if (st != CLI_EXIT_OK)
		return st;
	struct precis_backend_opts o;
	st = cli_backend_opts(cli, &o);
	if (st != CLI_EXIT_OK)
		return st;
	o.progress = on_progress;
	o.progress_ctx = &r;
	struct precis_error err;
	precis_error_clear(&err);
	if (precis_backend_new(&o, &r.b, &err) != PRECIS_OK) {
		cli_report(err.where[0] ? err.where : "backend", &err);
		return cli_backend_fatal(&err);
	}
	if (!precis_backend_translates(r.b)) {
		cli_error(NULL,
		          "no backend that translates is configured: choose one with -b "
		          "(deepl, libretranslate, openai, apertium), $PRECIS_BACKEND or "
		          "the config file; see 'precis backends'");
		precis_backend_free(r.b);
		return CLI_EXIT_FATAL;
	}
	r.topts.encoding = cli->opt.encoding && strcmp(cli->opt.encoding, "auto") != 0
	                       ? cli->opt.encoding
	                       : NULL;
	r.topts.lang = r.forced;
	r.topts.no_repair = cli->opt.no_repair;
	r.topts.no_strip = 1;
	r.chunk = CHUNK_ITEMS;
	const char *chunk = getenv("PRECIS_TRANSLATE_CHUNK"); /* tests: outputs sooner */
	if (chunk && atol(chunk) > 0)
		r.chunk = (size_t)atol(chunk);
	if (cli->opt.out_dir && !cli->opt.dry_run) {
		if (tr_outdir_open(&r.od, cli->opt.out_dir, &err) != PRECIS_OK) {
			cli_report(cli->opt.out_dir, &err);
			precis_backend_free(r.b);
			return CLI_EXIT_FATAL;
		}
		r.outdir = 1;
	} else if (cli->opt.out_dir) {
		r.od.fd = -1;
		r.outdir = 0;
	}
	/* Count inputs first, for the headers and the progress bar. */
	struct cli_inputs all;
	cli_inputs_expand(&all, cli->args, cli->nargs, &cli->opt.globs);
	r.ninputs = all.n;
	cli->headers = all.n > 1;
	/* Every input's identity, so that no output ever replaces one. */
	r.devs = cli_xmalloc((all.n + 1) * sizeof *r.devs);
	r.inos = cli_xmalloc((all.n + 1) * sizeof *r.inos);
	for (size_t i = 0; i < all.n; i++) {
		struct stat ist;
		if (strcmp(all.v[i].path, "-") != 0 && stat(all.v[i].path, &ist) == 0) {
			r.devs[r.nstat] = ist.st_dev;
			r.inos[r.nstat++] = ist.st_ino;
		}
	}
	cli_inputs_release(&all);
	cli_progress_init(&r.progress, cli, r.ninputs);

	if (cli->nargs == 0)
		add_arg(&r, NULL, NULL);
	for (size_t i = 0; i < cli->nargs && !r.stop; i++)
		add_arg(&r, cli->args[i], NULL);
	if (!r.stop && r.job.nfiles)
		translate_chunk(&r);
	if (r.outdir) {
		size_t nf = tr_out_commit_wait(&r.od, commit_failed, &r);
		r.files_done -= nf;
		r.files_failed += nf;
	}
	tr_job_clear(&r.job);
	free(r.job.items);
	free(r.job.pieces);
	free(r.job.files);
	draw(&r, 0, 1);
	summary(&r, cli_now() - r.t0);
	if (cli_output_flush() < 0)
		r.status = worse(r.status, CLI_EXIT_FAILED);
	if (r.outdir)
		tr_outdir_close(&r.od);
	free(r.devs);
	free(r.inos);
	precis_backend_free(r.b);
	return r.status;
}
