package io.foundation.beam.internal.port;

import io.foundation.beam.port.PortSpec;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A port's operating-system program, started so that it cannot outlive the port, nor the JVM.
 *
 * <h2>Model</h2>
 * The program runs as {@code setsid /bin/sh -c WATCHDOG port <jvm-pid> <grace> program args...}: {@code setsid}
 * makes the shell the leader of a new session and process group (the JVM's child is never a group leader, so
 * {@code setsid} does not fork); the shell starts the watchdog in the background, then {@code exec}s the program,
 * which keeps the shell's pid. So {@link #process()} is the program itself (its pid, its stdio pipes, its exit
 * status), and the program, the watchdog and everything the program starts share one process group whose id is the
 * program's pid, unless one of them makes a group or session of its own (a daemon that detaches escapes).
 *
 * <p>The watchdog is a subshell with its stdio on {@code /dev/null} (it holds no pipe of the port open) that ignores
 * SIGTERM, SIGINT and SIGHUP and polls five times a second, with {@code kill -0}, whether the JVM and the program
 * are still there. If the program is gone (and reaped), it exits. If the JVM is gone (it exited without ending the
 * port, or was killed with {@code kill -9}, which the JVM cannot notice), it sends SIGTERM to the whole group, waits
 * the grace period, and sends SIGKILL to the group, itself included. So after a {@code kill -9} of the JVM the
 * program ends within 0.2 s plus the grace period. The cost is one short-lived {@code sleep} process per port every
 * 0.2 s. It needs a POSIX shell, {@code setsid} (util-linux: every Linux; not macOS by default) and a {@code sleep}
 * that takes fractions of a second (GNU coreutils, busybox); {@link #checkRunnable} refuses to start elsewhere.
 *
 * <h2>Ending</h2>
 * {@link #end} (the port ended, for any reason): closes stdin (on a thread of its own: the close waits for a write
 * blocked on a full pipe, which only the program's end unblocks), sends SIGTERM to the group (and to the program and its
 * known descendants through {@link ProcessHandle}, in case the group signal could not be sent), waits up to the grace
 * period for the program to exit, then sends SIGKILL to the group and to the program and the descendants seen just
 * before. A group signal goes through a short {@code /bin/sh -c 'kill -s SIG -- -pgid'}, as the JDK can signal a pid
 * only. Whatever the program left behind in its group (background children, the watchdog) ends with the SIGKILL,
 * also when the program had already exited by itself.
 *
 * <h2>Thread-safety and invariants</h2>
 * {@link #end} runs once (a flag): a concurrent or later call waits for the first to finish. The process group id is
 * the program's pid; a group stays in use, so its id is not reused, while any member lives.
 */
final class OsProgram {

    private static final String WATCHDOG = """
            jvm=$1; grace=$2; shift 2
            ( trap '' TERM INT HUP
              exec </dev/null >/dev/null 2>&1
              while kill -0 "$jvm" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 0.2; done
              if ! kill -0 "$jvm" 2>/dev/null; then
                kill -s TERM -- "-$$"; sleep "$grace"; kill -s KILL -- "-$$"
              fi ) &
            exec "$@"
            """;
    private static final long SIGNAL_HELPER_TIMEOUT_SECONDS = 5;

    private final Process process;
    private final String name;
    private final AtomicBoolean ending = new AtomicBoolean();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private OsProgram(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /**
     * Checks what can be checked before starting: the operating system, {@code setsid}, and the program on
     * {@code PATH} (or at its path).
     *
     * @param spec the port's spec
     * @throws UnsupportedOperationException on an operating system without {@code /bin/sh} or {@code setsid}
     * @throws IllegalArgumentException if the program is not found or not executable
     */
    static void checkRunnable(PortSpec spec) {
        setsid();
        String program = spec.program();
        String path = spec.environment().getOrDefault("PATH", Optional.ofNullable(System.getenv("PATH")).orElse(""));
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (!p.isAbsolute() && spec.workingDirectory() != null) {
                p = spec.workingDirectory().resolve(p);
            }
            if (!Files.isExecutable(p) || Files.isDirectory(p)) {
                throw new IllegalArgumentException("port program '" + program + "' is not an executable file ("
                        + p.toAbsolutePath() + ")");
            }
        } else if (find(program, path).isEmpty()) {
            throw new IllegalArgumentException("port program '" + program + "' is not on the PATH (" + path
                    + "): give its full path, or set PATH with PortSpec.withEnvironment(\"PATH\", ...)");
        }
        if (spec.workingDirectory() != null && !Files.isDirectory(spec.workingDirectory())) {
            throw new IllegalArgumentException("port program '" + program + "': working directory "
                    + spec.workingDirectory() + " is not a directory");
        }
    }

    /**
     * @param spec the port's spec
     * @param name the port and its program, for errors and thread names
     * @return the running program
     * @throws UncheckedIOException if it could not be started
     */
    static OsProgram start(PortSpec spec, String name) {
        checkRunnable(spec);
        List<String> command = new ArrayList<>(List.of(setsid(), "/bin/sh", "-c", WATCHDOG, "foundation-beam-port",
                Long.toString(ProcessHandle.current().pid()), seconds(spec.killGracePeriod())));
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command);
        if (spec.workingDirectory() != null) {
            builder.directory(spec.workingDirectory().toFile());
        }
        builder.environment().putAll(spec.environment());
        try {
            return new OsProgram(builder.start(), name);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot start " + spec.command() + ": " + e.getMessage(), e);
        }
    }

    /** @return the program (its pid is the program's) */
    Process process() {
        return process;
    }

    /** @return its stdin */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Ends the program and everything in its process group (see the class comment); returns when done. Only the
     * first call does it; the others wait for it.
     *
     * @param grace time between SIGTERM and SIGKILL
     */
    void end(Duration grace) {
        if (!ending.compareAndSet(false, true)) {
            ended.join();
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            // Closing stdin waits for a write in progress, which waits for the program to read: not on this thread.
            Thread.ofVirtual().name(name + " stdin close").start(() -> {
                try {
                    process.getOutputStream().close();
                } catch (IOException e) {
                    // the program has gone: its stdin is closed anyway
                }
            });
            long pgid = process.pid();
            signalGroup(pgid, "TERM");
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // go straight to SIGKILL
            }
            List<ProcessHandle> left = process.descendants().toList();
            signalGroup(pgid, "KILL");
            process.destroyForcibly();
            left.forEach(ProcessHandle::destroyForcibly);
        } finally {
            ended.complete(null);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " -- -" + pgid + " 2>/dev/null")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(SIGNAL_HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // cannot start the helper: the per-pid signals that follow still reach the program and its descendants
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
    }

    private static volatile String setsid;

    private static String setsid() {
        String found = setsid;
        if (found != null) {
            return found;
        }
        if (File.separatorChar != '/' || !Files.isExecutable(Path.of("/bin/sh"))) {
            throw new UnsupportedOperationException("ports run their program under /bin/sh and setsid, so that it "
                    + "cannot outlive the JVM: they need Linux or another Unix, not " + System.getProperty("os.name"));
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin:/bin";
        found = find("setsid", path).map(Path::toString).orElseThrow(() -> new UnsupportedOperationException(
                "ports need the setsid command (util-linux; on macOS e.g. from Homebrew's util-linux) on the PATH ("
                        + path + ") to put the program in a process group of its own"));
        setsid = found;
        return found;
    }

    private static Optional<Path> find(String program, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name;
    }
}
