/* The server object, shared by server.c and control.c. */
#ifndef FAKE_SERVER_H
#define FAKE_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include <microhttpd.h>

#include "fake_int.h"

struct fake {
	struct MHD_Daemon *d;
	unsigned short port;
	char url[40];
	struct fake_cfg cfg;
	atomic_int stopping;
	pthread_mutex_t mu; /* guards everything below */
	pthread_cond_t cv;  /* in_flight went to 0 */
	struct fake_faults faults;
	char *poison;
	struct fake_request **log; /* sorted by seq */
	size_t nlog, caplog;
	unsigned seq, tindex, in_flight, max_in_flight;
	size_t requests, translate_requests, texts, texts_translated, characters;
	unsigned long char_used;
	struct timespec t0;
};

/* control.c: serves /_fake/log, /_fake/stats, /_fake/reset, /_fake/faults. */
enum MHD_Result fake_control(struct fake *f, struct MHD_Connection *mc,
                             const char *method, const char *uri, const char *body,
                             size_t len);

/* server.c: f, or the default server when f is NULL. */
struct fake *fake_pick(struct fake *f);
/* server.c: the current faults, the poison string copied into *poison. */
void fake_get_faults(struct fake *f, struct fake_faults *faults, char **poison);

#endif
