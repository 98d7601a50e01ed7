package dev.auris.cli;

import dev.auris.acoustic.AcousticModel;
import dev.auris.acoustic.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "average", mixinStandardHelpOptions = true, description = {
        "Averages the weights of models from one training run (e.g. OUT/model and OUT/checkpoint/model,",
        "or saved epochs): checkpoint averaging, a model no slower than either."})
final class AverageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "MODEL", description = "model folders of one run (same architecture, front end and feature statistics)")
    List<Path> models;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the model to create (must not exist)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out)) {
            throw new ModelException(out, "already exists; a model is never replaced, choose another folder");
        }
        AcousticModel.average(models).save(out);
        spec.commandLine().getOut().printf("%s: the mean of %d models' weights%n", out, models.size());
        return 0;
    }
}
