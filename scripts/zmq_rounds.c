/*
 * The upper bound for scripts/bench-runtime: the same send pattern as a Hearsay run with
 * no Hearsay logic. One process per agent; each binds a PULL socket, connects one PUSH
 * socket per out-neighbour (read from an edge list), and for R rounds sends a 16-byte
 * message to every out-neighbour, then waits for one message from every in-neighbour.
 *
 * usage: zmq_rounds EDGES AGENTS ROUNDS
 * EDGES lists "FROM TO" per line (1-based ids, self-loops ignored); prints rounds/s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void endpoint(char *buffer, size_t size, int parent, int agent) {
    snprintf(buffer, size, "ipc://@zmq-rounds-%d-%d", parent, agent);
}

static int agent_main(int self, int agents, int rounds, int *from, int *to, int edges,
                      int parent) {
    void *context = zmq_ctx_new();
    void *input = zmq_socket(context, ZMQ_PULL);
    char name[128];
    int zero = 0;
    endpoint(name, sizeof name, parent, self);
    zmq_setsockopt(input, ZMQ_LINGER, &zero, sizeof zero);
    if (zmq_bind(input, name) != 0) {
        fprintf(stderr, "bind %s: %s\n", name, zmq_strerror(zmq_errno()));
        return 1;
    }
    void **outputs = calloc(edges, sizeof(void *));
    int out_count = 0, in_count = 0;
    for (int e = 0; e < edges; e++) {
        if (from[e] == self && to[e] != self) {
            void *socket = zmq_socket(context, ZMQ_PUSH);
            int hwm = 100000, linger = 1000;
            zmq_setsockopt(socket, ZMQ_SNDHWM, &hwm, sizeof hwm);
            zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
            endpoint(name, sizeof name, parent, to[e]);
            zmq_connect(socket, name);
            outputs[out_count++] = socket;
        }
        if (to[e] == self && from[e] != self) {
            in_count++;
        }
    }
    char message[16] = {0};
    /* Round 0 is the handshake: every link carries one message before timing starts. */
    for (int round = 0; round <= rounds; round++) {
        memcpy(message, &round, sizeof round);
        for (int o = 0; o < out_count; o++) {
            zmq_send(outputs[o], message, sizeof message, 0);
        }
        for (int i = 0; i < in_count; i++) {
            zmq_recv(input, message, sizeof message, 0);
        }
    }
    /* Wait for stragglers: a last message from every in-neighbour of the next round. */
    for (int o = 0; o < out_count; o++) {
        zmq_send(outputs[o], message, sizeof message, 0);
    }
    for (int i = 0; i < in_count; i++) {
        zmq_recv(input, message, sizeof message, 0);
    }
    for (int o = 0; o < out_count; o++) {
        zmq_close(outputs[o]);
    }
    zmq_close(input);
    zmq_ctx_term(context);
    free(outputs);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: zmq_rounds EDGES AGENTS ROUNDS\n");
        return 2;
    }
    int agents = atoi(argv[2]), rounds = atoi(argv[3]);
    FILE *file = fopen(argv[1], "r");
    if (!file) {
        perror(argv[1]);
        return 2;
    }
    int capacity = 1024, edges = 0;
    int *from = malloc(capacity * sizeof(int)), *to = malloc(capacity * sizeof(int));
    char line[256];
    int directed = 1;
    while (fgets(line, sizeof line, file)) {
        int a, b;
        if (strncmp(line, "directed: false", 15) == 0) {
            directed = 0;
        }
        if (sscanf(line, "%d %d", &a, &b) != 2) {
            continue;
        }
        if (edges + 2 > capacity) {
            capacity *= 2;
            from = realloc(from, capacity * sizeof(int));
            to = realloc(to, capacity * sizeof(int));
        }
        from[edges] = a - 1;
        to[edges++] = b - 1;
        if (!directed) {
            from[edges] = b - 1;
            to[edges++] = a - 1;
        }
    }
    fclose(file);
    int parent = getpid();
    double start = now();
    for (int agent = 0; agent < agents; agent++) {
        if (fork() == 0) {
            _exit(agent_main(agent, agents, rounds, from, to, edges, parent));
        }
    }
    int failed = 0, status;
    while (wait(&status) > 0) {
        failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    double elapsed = now() - start;
    printf("agents=%d rounds=%d seconds=%.3f rounds_per_s=%.1f\n", agents, rounds, elapsed,
           rounds / elapsed);
    return failed;
}
