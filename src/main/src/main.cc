// main(): no logic; the command line does the wiring per subcommand.
#include "bangfu/cli/cli.h"

int main(int argc, char** argv) { return bangfu::cli::Run(argc, argv); }
