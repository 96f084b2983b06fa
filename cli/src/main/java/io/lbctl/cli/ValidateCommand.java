package io.lbctl.cli;

import io.lbctl.schemas.OverlayReader;
import io.lbctl.schemas.SpecReader;
import io.lbctl.schemas.SpecResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lbctl validate FILE...}: every problem in every file at once; exit 0 when valid, 2 when not. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check specs against the schema and AWS's rules without contacting anything.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every spec is valid (warnings allowed)", "1:internal error", "2:a spec is invalid"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files; - reads standard input.")
    List<String> files;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--overlay", paramLabel = "FILE",
            description = "Also check this local overlay against the (single) spec it belongs to.")
    Path overlay;

    @Override
    public Integer call() throws IOException {
        if (overlay != null && files.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--overlay belongs to one spec; name exactly one FILE");
        }
        List<SpecResult> results = new ArrayList<>();
        for (String file : files) {
            results.add(file.equals("-") ? SpecReader.read("-", System.in.readAllBytes()) : SpecReader.read(Path.of(file)));
        }
        if (overlay != null && results.get(0).stack().isPresent()) {
            results.add(OverlayReader.read(overlay, results.get(0).stack().get()).asSpecResult());
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case json -> JsonDiagnosticRenderer.render(results, out);
            case text -> TextDiagnosticRenderer.render(results, out);
        }
        out.flush();
        return results.stream().allMatch(SpecResult::valid) ? ExitCodes.OK : ExitCodes.INVALID;
    }
}
