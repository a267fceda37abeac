%% @doc The Erlang/OTP side of the head-to-head comparison (compare.sh, issue 24): workloads W1-W6 written as
%% exactly as Erlang allows like the JMH classes in io.foundation.beam.benchmarks.compare (each class's Javadoc says
%% what is measured), timed like JMH, with results appended to a TSV file that CompareReport reads.
%%
%%   erl -noshell +P 2097152 -pa DIR -run beam_compare main unit WARMUP_ITERATIONS ITERATION_MS ITERATIONS OUT ROUND NAME...
%%   erl -noshell +P 2097152 -pa DIR -run beam_compare main w2 OUT ROUND COUNT
%%   BEAM_COMPARE_ERL_FLAGS="+P 2097152" erl -noshell +P 2097152 -pa DIR -run beam_compare main facts OUT WARMUP_ITERATIONS ITERATION_MS ITERATIONS
%% (the flags travel in an environment variable: erl would take a "+P" among -run's arguments as its own flag)
%%
%% Units (the names are compare.sh's): w1-create-N, w1-shutdown-N (raw processes), w1-create-sup-N,
%% w1-shutdown-sup-N (an OTP supervisor), w3-one-to-one, w3-one-to-one-credit, w3-fan-in, w3-ping-pong, w4-complex,
%% w5-cross-ecosystem, w6-submit. Each unit line in OUT:
%%   ERL <tab> unit <tab> JMH benchmark <tab> flavour (raw|sup) <tab> workers (or -) <tab> score unit <tab>
%%   mode (thrpt|avgt) <tab> round <tab> score
%% one line per measured iteration. W2 appends W2IdleFootprint's lines with the system "erlang".
%%
%% Timing, as JMH does it: per unit, set-up once (processes spawned, as a JMH trial), then WARMUP_ITERATIONS
%% unreported and ITERATIONS reported iterations of ITERATION_MS each. An iteration repeats invocations until
%% ITERATION_MS has passed (erlang:monotonic_time); throughput = operations / measured time in seconds (ops/s),
%% average time = measured time / invocations in ms (ms/op). The measured time of an invocation excludes only what
%% JMH excludes (W1: the shutdown after a timed creation, the creation before a timed shutdown).
%%
%% Concurrency design: the runner is the process erl -run starts; it plays the part of the JMH benchmark thread. It
%% sends one start message per invocation and blocks in receive until the workload's last process answers, so every
%% message of an invocation has been consumed inside the measured time. All processes of a unit are spawned by the
%% runner (or by a coordinator it spawned) and die with the VM at the end; every unit runs in a fresh VM.
-module(beam_compare).

-export([main/1]).

%% Messages per invocation, as in the Java classes.
-define(MESSAGES, 1000000).
-define(WINDOW, 1024).
-define(ACK_EVERY, 128).
-define(PRODUCERS, 1000).
-define(PER_PRODUCER, 1000).
-define(ROUND_TRIPS, 100000).
-define(W5_WORKERS, 4).
-define(W6_BATCH, 10000).
-define(W6_TIMEOUT, 30000).
-define(SHUTDOWN_TIMEOUT, 30000).
%% W2: idle processes spawned (and killed) once before anything is measured, as W2IdleFootprint does.
-define(W2_WARM_UP, 20000).

%% W4's message: ten fields (the record's tuple has the tag as an eleventh element).
-record(order, {order_id, sequence, customer, quantities, amount, express, created_at_nanos, region, status,
                discount}).
-define(CUSTOMER, <<"ACME Widgets Ltd">>).
-define(QUANTITIES, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).

%% ------------------------------------------------------------------ entry

main(Args) ->
    Code = try run(Args) of
               ok -> 0
           catch
               Class:Reason:Stack ->
                   io:format(standard_error, "beam_compare ~p failed: ~p:~p~n~p~n", [Args, Class, Reason, Stack]),
                   1
           end,
    halt(Code).

run(["unit", Warmup, IterationMs, Iterations, Out, Round | Names]) when Names =/= [] ->
    Timing = {list_to_integer(Warmup), list_to_integer(IterationMs) * 1000000, list_to_integer(Iterations)},
    lists:foreach(fun(Name) -> run_unit(Name, Timing, Out, Round) end, Names);
run(["w2", Out, Round, Count]) ->
    w2(Out, list_to_integer(Round), list_to_integer(Count));
run(["facts", Out, Warmup, IterationMs, Iterations]) ->
    Flags = case os:getenv("BEAM_COMPARE_ERL_FLAGS") of false -> "none"; "" -> "none"; F -> F end,
    Facts = [{"otp_release", erlang:system_info(otp_release)},
             {"erts_version", erlang:system_info(version)},
             {"schedulers_online", integer_to_list(erlang:system_info(schedulers_online))},
             {"logical_processors", integer_to_list(erlang:system_info(logical_processors_available))},
             {"process_limit", integer_to_list(erlang:system_info(process_limit))},
             {"flags", Flags},
             {"timing", lists:flatten(io_lib:format("per unit and round a fresh VM, ~s warm-up and ~s measured"
                                                    " iteration(s) of ~s ms", [Warmup, Iterations, IterationMs]))},
             {"system_version", string:trim(erlang:system_info(system_version))}],
    ok = file:write_file(Out, [[K, $\t, V, $\n] || {K, V} <- Facts]);
run(Args) ->
    error({usage, "main unit WARMUP ITERATION_MS ITERATIONS OUT ROUND NAME... | main w2 OUT ROUND COUNT"
           " | main facts OUT WARMUP ITERATION_MS ITERATIONS", Args}).

%% ------------------------------------------------------------------ the harness

%% A unit: the JMH benchmark it mirrors, flavour, workers, mode, operations per invocation, and three funs:
%% Setup() -> State (outside any timing), Invoke(State) -> measured nanoseconds, Teardown(State).
-record(unit, {benchmark, flavour = "raw", workers = "-", mode = thrpt, ops = 1, setup, invoke, teardown}).

run_unit(Name, {Warmup, IterationNs, Iterations}, Out, Round) ->
    U = unit(Name),
    State = (U#unit.setup)(),
    [_ = iteration(U, State, IterationNs) || _ <- lists:seq(1, Warmup)],
    Scores = [iteration(U, State, IterationNs) || _ <- lists:seq(1, Iterations)],
    (U#unit.teardown)(State),
    ScoreUnit = case U#unit.mode of thrpt -> "ops/s"; avgt -> "ms/op" end,
    Lines = [io_lib:format("ERL\t~s\t~s\t~s\t~s\t~s\t~s\t~s\t~.6g~n",
                           [Name, U#unit.benchmark, U#unit.flavour, U#unit.workers, ScoreUnit, U#unit.mode, Round,
                            Score]) || Score <- Scores],
    io:format("~s round ~s: ~s ~s~n", [Name, Round, ScoreUnit,
                                       lists:join(" ", [io_lib:format("~.4g", [S]) || S <- Scores])]),
    ok = file:write_file(Out, Lines, [append]).

%% One iteration: invocations until IterationNs has passed; the score from the measured time only.
iteration(#unit{invoke = Invoke, mode = Mode, ops = Ops}, State, IterationNs) ->
    Deadline = erlang:monotonic_time(nanosecond) + IterationNs,
    {Measured, Count} = invocations(Invoke, State, Deadline, 0, 0),
    case Mode of
        thrpt -> Count * Ops / (Measured / 1.0e9);
        avgt -> Measured / 1.0e6 / (Count * Ops)
    end.

invocations(Invoke, State, Deadline, Measured, Count) ->
    M = Measured + Invoke(State),
    case erlang:monotonic_time(nanosecond) >= Deadline of
        true -> {M, Count + 1};
        false -> invocations(Invoke, State, Deadline, M, Count + 1)
    end.

%% Times Fun() and checks it returned Expected.
timed(Fun, Expected) ->
    T0 = erlang:monotonic_time(nanosecond),
    Result = Fun(),
    T1 = erlang:monotonic_time(nanosecond),
    Result =:= Expected orelse error({unexpected_result, Result, expected, Expected}),
    T1 - T0.

%% Waits for {done, Value} from the workload's last process.
await_done() ->
    receive {done, Value} -> Value after ?SHUTDOWN_TIMEOUT -> error(no_answer_within_30_s) end.

%% Kills the unit's processes (the VM ends right after anyway).
kill(Pids) -> [exit(P, kill) || P <- Pids], ok.

%% ------------------------------------------------------------------ units

unit("w1-create-sup-" ++ N) -> w1(create, sup, list_to_integer(N));
unit("w1-shutdown-sup-" ++ N) -> w1(shutdown, sup, list_to_integer(N));
unit("w1-create-" ++ N) -> w1(create, raw, list_to_integer(N));
unit("w1-shutdown-" ++ N) -> w1(shutdown, raw, list_to_integer(N));
unit("w3-one-to-one") -> one_to_one("W3OneToOneBenchmark.plain", ints, false);
unit("w3-one-to-one-credit") -> one_to_one("W3OneToOneBenchmark.credit", ints, true);
unit("w4-complex") -> one_to_one("W4ComplexMessageBenchmark.records", orders, false);
unit("w3-fan-in") -> fan_in();
unit("w3-ping-pong") -> ping_pong();
unit("w5-cross-ecosystem") -> cross_ecosystem();
unit("w6-submit") -> submit();
unit(Name) -> error({unknown_unit, Name}).

%% ------------------------------------------------------------------ W1: create and shut down N monitored workers

%% raw: the runner spawns and monitors a coordinator; the coordinator spawns N workers with spawn_monitor; each
%% worker, once running, tells the coordinator "started"; when all N have, the coordinator tells the runner it is
%% ready. Shutdown: a stop message; the coordinator sends every worker exit(W, shutdown), waits for all N 'DOWN's and
%% exits; the runner waits for the coordinator's 'DOWN' (as Pekko stops the children, then runs PostStop).
%% sup: supervisor:start_link with N gen_server children (beam_compare_sup); ready when start_link returns (each
%% child's init has run). Shutdown: gen_server:stop(Sup, shutdown, infinity), which returns when the supervisor has
%% terminated every child and itself.
w1(What, Flavour, N) ->
    Benchmark = case What of create -> "W1EcosystemBenchmark.create"; shutdown -> "W1EcosystemBenchmark.shutdown" end,
    {Create, Shutdown} = case Flavour of
                             raw -> {fun() -> w1_create_raw(N) end, fun w1_shutdown_raw/1};
                             sup -> {fun() -> w1_create_sup(N) end, fun w1_shutdown_sup/1}
                         end,
    Invoke = case What of
                 create -> fun(_) ->
                                   T0 = erlang:monotonic_time(nanosecond),
                                   Created = Create(),
                                   T1 = erlang:monotonic_time(nanosecond),
                                   Shutdown(Created),
                                   T1 - T0
                           end;
                 shutdown -> fun(_) ->
                                     Created = Create(),
                                     T0 = erlang:monotonic_time(nanosecond),
                                     Shutdown(Created),
                                     erlang:monotonic_time(nanosecond) - T0
                             end
             end,
    #unit{benchmark = Benchmark, flavour = atom_to_list(Flavour), workers = integer_to_list(N), mode = avgt,
          setup = fun() -> none end, invoke = Invoke, teardown = fun(_) -> ok end}.

w1_create_raw(N) ->
    Runner = self(),
    {Coordinator, Monitor} = spawn_monitor(fun() -> w1_coordinator(Runner, N) end),
    receive
        {ready, Coordinator} -> {Coordinator, Monitor};
        {'DOWN', Monitor, process, Coordinator, Reason} -> error({coordinator_died, Reason})
    end.

w1_shutdown_raw({Coordinator, Monitor}) ->
    Coordinator ! stop,
    receive
        {'DOWN', Monitor, process, Coordinator, normal} -> ok;
        {'DOWN', Monitor, process, Coordinator, Reason} -> error({coordinator_died, Reason})
    after ?SHUTDOWN_TIMEOUT -> error({not_stopped_within_30_s, Coordinator})
    end.

w1_coordinator(Runner, N) ->
    Workers = w1_spawn_workers(self(), N, []),
    w1_await_started(N),
    Runner ! {ready, self()},
    receive
        stop ->
            [exit(W, shutdown) || W <- Workers],
            w1_await_down(N)
    end.

w1_spawn_workers(_Coordinator, 0, Workers) -> Workers;
w1_spawn_workers(Coordinator, N, Workers) ->
    {Pid, _Monitor} = spawn_monitor(fun() -> Coordinator ! started, w1_idle_worker() end),
    w1_spawn_workers(Coordinator, N - 1, [Pid | Workers]).

%% Ignores every message (none is sent to the workers in this workload).
w1_idle_worker() -> receive _ -> w1_idle_worker() end.

w1_await_started(0) -> ok;
w1_await_started(N) -> receive started -> w1_await_started(N - 1) end.

w1_await_down(0) -> ok;
w1_await_down(N) -> receive {'DOWN', _, process, _, _} -> w1_await_down(N - 1) end.

w1_create_sup(N) ->
    {ok, Sup} = supervisor:start_link(beam_compare_sup, {w1, N}),
    unlink(Sup), % stopped with reason shutdown, which must not take the runner with it
    Sup.

w1_shutdown_sup(Sup) ->
    ok = gen_server:stop(Sup, shutdown, infinity).

%% ------------------------------------------------------------------ W3 1->1 (plain, credit) and W4

%% A producer and a consumer process. The runner sends the producer {round, Runner}; the producer forwards the round
%% to the consumer, then sends it the round's 1 000 000 messages: all at once, or (credit) at most WINDOW
%% outstanding, the consumer acknowledging every ACK_EVERY with the atom ack, each worth ACK_EVERY credits. The
%% consumer counts and answers the runner {done, Count} at the last message.
one_to_one(Benchmark, Kind, Credit) ->
    Setup = fun() ->
                    Consumer = spawn(fun consumer_idle/0),
                    Producer = spawn(fun() -> producer(Consumer, Kind, Credit, 0, 0) end),
                    [Producer, Consumer]
            end,
    Invoke = fun([Producer, _]) ->
                     timed(fun() -> Producer ! {round, self()}, await_done() end, ?MESSAGES)
             end,
    #unit{benchmark = Benchmark, ops = ?MESSAGES, setup = Setup, invoke = Invoke, teardown = fun kill/1}.

producer(Consumer, Kind, false, _, _) ->
    receive
        {round, ReplyTo} ->
            Consumer ! {round, ReplyTo, ?MESSAGES},
            send_all(Kind, Consumer, 0, ?MESSAGES),
            producer(Consumer, Kind, false, 0, 0)
    end;
producer(Consumer, Kind, true, Sent, Acknowledged) ->
    receive
        ack ->
            A = Acknowledged + ?ACK_EVERY,
            producer(Consumer, Kind, true, fill_window(Kind, Consumer, Sent, A), A);
        {round, ReplyTo} ->
            Consumer ! {credit_start, ReplyTo, ?MESSAGES, self()},
            producer(Consumer, Kind, true, fill_window(Kind, Consumer, 0, 0), 0)
    end.

send_all(_Kind, _To, N, N) -> ok;
send_all(ints, To, I, N) -> To ! I, send_all(ints, To, I + 1, N);
send_all(orders, To, I, N) -> To ! order(I), send_all(orders, To, I + 1, N).

%% Sends while there is credit; returns the new count of messages sent.
fill_window(Kind, To, Sent, Acknowledged) when Sent < ?MESSAGES, Sent - Acknowledged < ?WINDOW ->
    To ! case Kind of ints -> Sent; orders -> order(Sent) end,
    fill_window(Kind, To, Sent + 1, Acknowledged);
fill_window(_Kind, _To, Sent, _Acknowledged) -> Sent.

%% The i-th order, with the same field values as W4ComplexMessageBenchmark.ORDERS.
order(I) ->
    #order{order_id = 1000000000 + I, sequence = I, customer = ?CUSTOMER, quantities = ?QUANTITIES,
           amount = I * 0.25, express = (I band 1) =:= 0, created_at_nanos = I * 31, region = 7, status = $N,
           discount = 0.05}.

%% The counting consumer of 1->1, fan-in and W4 (OneToOneSides.BeamConsumer).
consumer_idle() ->
    receive
        {round, ReplyTo, Expected} -> consumer_count(ReplyTo, Expected, undefined, 0);
        {credit_start, ReplyTo, Expected, AckTo} -> consumer_count(ReplyTo, Expected, AckTo, 0)
    end.

consumer_count(ReplyTo, Expected, AckTo, Count) ->
    receive
        _ ->
            C = Count + 1,
            AckTo =/= undefined andalso C rem ?ACK_EVERY =:= 0 andalso (AckTo ! ack),
            case C of
                Expected -> ReplyTo ! {done, C}, consumer_idle();
                _ -> consumer_count(ReplyTo, Expected, AckTo, C)
            end
    end.

%% ------------------------------------------------------------------ W3 fan-in

%% 1000 producers; the runner sends the consumer the round, then go to every producer, each of which sends the
%% consumer 1000 integers; done when the consumer has counted all 1 000 000.
fan_in() ->
    Setup = fun() ->
                    Consumer = spawn(fun consumer_idle/0),
                    Producers = [spawn(fun() -> fan_in_producer(Consumer) end) || _ <- lists:seq(1, ?PRODUCERS)],
                    [Consumer | Producers]
            end,
    Invoke = fun([Consumer | Producers]) ->
                     timed(fun() ->
                                   Consumer ! {round, self(), ?MESSAGES},
                                   [P ! go || P <- Producers],
                                   await_done()
                           end, ?MESSAGES)
             end,
    #unit{benchmark = "W3FanInBenchmark.integers", ops = ?MESSAGES, setup = Setup, invoke = Invoke,
          teardown = fun kill/1}.

fan_in_producer(Consumer) ->
    receive go -> send_all(ints, Consumer, 0, ?PER_PRODUCER) end,
    fan_in_producer(Consumer).

%% ------------------------------------------------------------------ W3 ping-pong

%% The ball {ball, Pinger} names where to send it back; the ponger sends it there; the pinger, served by the
%% runner, returns it until 100 000 round trips have been played, then answers the runner.
ping_pong() ->
    Setup = fun() ->
                    Ponger = spawn(fun ponger/0),
                    Pinger = spawn(fun() -> pinger_idle(Ponger) end),
                    [Pinger, Ponger]
            end,
    Invoke = fun([Pinger, _]) ->
                     timed(fun() -> Pinger ! {serve, self(), ?ROUND_TRIPS}, await_done() end, ?ROUND_TRIPS)
             end,
    #unit{benchmark = "W3PingPongBenchmark.handlers", ops = ?ROUND_TRIPS, setup = Setup, invoke = Invoke,
          teardown = fun kill/1}.

ponger() ->
    receive {ball, ReturnTo} = Ball -> ReturnTo ! Ball end,
    ponger().

pinger_idle(Ponger) ->
    receive
        {serve, ReplyTo, Trips} ->
            Ponger ! {ball, self()},
            pinger_play(Ponger, ReplyTo, Trips, Trips)
    end.

pinger_play(Ponger, ReplyTo, Trips, Remaining) ->
    receive
        {ball, _} = Ball ->
            case Remaining - 1 of
                0 -> ReplyTo ! {done, Trips}, pinger_idle(Ponger);
                R -> Ponger ! Ball, pinger_play(Ponger, ReplyTo, Trips, R)
            end
    end.

%% ------------------------------------------------------------------ W5 cross-ecosystem

%% Two coordinators, each spawning and monitoring 4 workers. The runner sends A {round, Runner, N}; A forwards it to
%% B, then sends B 1 000 000 integers; B forwards every message to its worker 0, which counts them and answers the
%% runner.
cross_ecosystem() ->
    Setup = fun() ->
                    B = spawn(fun() -> w5_coordinator(undefined, fun w5_counting_worker/0) end),
                    A = spawn(fun() -> w5_coordinator(B, fun w5_idle_worker/0) end),
                    [A, B]
            end,
    Invoke = fun([A, _]) -> timed(fun() -> A ! {round, self(), ?MESSAGES}, await_done() end, ?MESSAGES) end,
    #unit{benchmark = "W5CrossEcosystemBenchmark.forwarded", ops = ?MESSAGES, setup = Setup, invoke = Invoke,
          teardown = fun kill/1}.

w5_coordinator(Peer, Worker) ->
    Workers = [element(1, spawn_monitor(Worker)) || _ <- lists:seq(1, ?W5_WORKERS)],
    case Peer of
        undefined -> w5_forward(hd(Workers));
        _ -> w5_produce(Peer)
    end.

w5_produce(B) ->
    receive {round, _, _} = Round -> B ! Round, send_all(ints, B, 0, ?MESSAGES) end,
    w5_produce(B).

w5_forward(Worker) ->
    receive Message -> Worker ! Message end,
    w5_forward(Worker).

w5_counting_worker() ->
    receive {round, ReplyTo, Expected} -> w5_count(ReplyTo, Expected, 0) end.

w5_count(ReplyTo, Expected, Count) ->
    receive
        _ ->
            case Count + 1 of
                Expected -> ReplyTo ! {done, Expected}, w5_counting_worker();
                C -> w5_count(ReplyTo, Expected, C)
            end
    end.

w5_idle_worker() -> receive _ -> w5_idle_worker() end.

%% ------------------------------------------------------------------ W6 submit

%% An OTP supervisor (one_for_one, permanent: restarted on a crash) with 4 registered gen_server workers and a
%% dispatcher (beam_compare_sup, beam_compare_worker). Each invocation submits the integers 0 to 9999 from the
%% runner, each with a fresh reference as its "future" ({submit, Runner, Ref, N} cast to the dispatcher, which casts
%% it to the next worker round robin; the worker answers {Ref, N + 1} to the runner), and only then waits for every
%% answer in submission order (30 s each) and checks their sum, as W6SubmitBenchmark submits all, then awaits all.
submit() ->
    Setup = fun() ->
                    {ok, Sup} = supervisor:start_link(beam_compare_sup, w6),
                    unlink(Sup),
                    Sup
            end,
    Expected = ?W6_BATCH * (?W6_BATCH + 1) div 2,
    Invoke = fun(_) -> timed(fun() -> w6_await(w6_submit(0, []), 0) end, Expected) end,
    #unit{benchmark = "W6SubmitBenchmark.submitted", ops = ?W6_BATCH, setup = Setup, invoke = Invoke,
          teardown = fun(Sup) -> ok = gen_server:stop(Sup, shutdown, infinity) end}.

w6_submit(?W6_BATCH, Refs) -> lists:reverse(Refs);
w6_submit(N, Refs) ->
    Ref = make_ref(),
    gen_server:cast(w6_dispatcher, {submit, self(), Ref, N}),
    w6_submit(N + 1, [Ref | Refs]).

w6_await([], Sum) -> Sum;
w6_await([Ref | Refs], Sum) ->
    receive {Ref, Answer} -> w6_await(Refs, Sum + Answer)
    after ?W6_TIMEOUT -> error({no_answer_within_30_s, Ref})
    end.

%% ------------------------------------------------------------------ W2 idle footprint

%% One round in a fresh VM (compare.sh starts one per count and round, as for the JVMs): spawns and kills
%% W2_WARM_UP idle processes first (as W2IdleFootprint's warm-up), then garbage-collects the runner and reads
%% erlang:memory(processes_used), spawns Count idle processes (each blocked in receive, holding nothing; their pids
%% are not kept, so no list of them is counted), waits until every one has run to its receive (the run queues are
%% empty), garbage-collects the runner again and reads the figure again. Bytes per process = the difference / Count;
%% spawn time = from the first spawn until the run queues are empty. The processes stay alive until the VM halts.
w2(Out, Round, Count) ->
    Idle = fun() -> receive stop -> ok end end,
    WarmUp = [spawn(Idle) || _ <- lists:seq(1, ?W2_WARM_UP)],
    await_run_queues_empty(),
    WithWarmUp = erlang:system_info(process_count),
    kill(WarmUp),
    await_process_count(WithWarmUp - ?W2_WARM_UP),
    Processes0 = erlang:system_info(process_count),
    garbage_collect(),
    Before = erlang:memory(processes_used),
    BeforeAllocated = erlang:memory(processes),
    T0 = erlang:monotonic_time(nanosecond),
    spawn_idle(Idle, Count),
    await_run_queues_empty(),
    SpawnNs = erlang:monotonic_time(nanosecond) - T0,
    garbage_collect(),
    After = erlang:memory(processes_used),
    AfterAllocated = erlang:memory(processes),
    Live = erlang:system_info(process_count) - Processes0,
    Live =:= Count orelse error({expected_live_processes, Count, found, Live}),
    PerProcess = (After - Before) / Count,
    SpawnMs = SpawnNs / 1.0e6,
    io:format("W2 erlang N=~b round ~b: ~.1f bytes per idle process (processes_used ~b -> ~b B; processes ~b -> ~b B,"
              " ~.1f B per process); spawned and running in ~.1f ms~n",
              [Count, Round, PerProcess, Before, After, BeforeAllocated, AfterAllocated,
               (AfterAllocated - BeforeAllocated) / Count, SpawnMs]),
    Lines = io_lib:format("W2\tbytes\terlang\t~b\tB/process\t~.1f\t~b~nW2\tspawn\terlang\t~b\tms\t~.1f\t~b~n",
                          [Count, PerProcess, Round, Count, SpawnMs, Round]),
    ok = file:write_file(Out, Lines, [append]).

spawn_idle(_Idle, 0) -> ok;
spawn_idle(Idle, N) -> spawn(Idle), spawn_idle(Idle, N - 1).

await_run_queues_empty() ->
    Deadline = erlang:monotonic_time(millisecond) + 30000,
    await_run_queues_empty(Deadline).

await_run_queues_empty(Deadline) ->
    case erlang:statistics(total_run_queue_lengths_all) of
        0 -> ok;
        N ->
            erlang:monotonic_time(millisecond) < Deadline orelse error({run_queues_not_empty_after_30_s, N}),
            erlang:yield(),
            await_run_queues_empty(Deadline)
    end.

await_process_count(Target) -> await_process_count(Target, 30000).

await_process_count(Target, MsLeft) ->
    case erlang:system_info(process_count) of
        N when N =< Target -> ok;
        N when MsLeft =< 0 -> error({processes_still_alive_after_30_s, N, expected_at_most, Target});
        _ -> timer:sleep(1), await_process_count(Target, MsLeft - 1)
    end.
