/* TEMPORARY: replaced by the command table. */
#include <stdio.h>
#include <stdlib.h>
#include "precis/precis.h"
int main(int argc, char **argv)
{
	(void)argc; (void)argv;
	printf("precis %s\n", precis_version());
	return 0;
}
