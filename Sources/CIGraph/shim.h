#include <igraph.h>
