/* main.c - placeholder CLI. */
#include <stdio.h>
#include "copydesk.h"
int main(void) { printf("copydesk %s\n", CD_VERSION); return 0; }
