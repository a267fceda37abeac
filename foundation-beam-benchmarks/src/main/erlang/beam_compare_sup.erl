%% @doc The OTP supervisors of the Erlang/OTP side of compare.sh (see beam_compare.erl).
%%
%% {w1, N}: W1's OTP-supervisor flavour: one_for_one, N permanent gen_server workers (beam_compare_worker, idle),
%% started one by one by supervisor:start_link (each start_link returns once the worker's init has run) and, on
%% stop, terminated in reverse order with the default worker shutdown (exit(Pid, shutdown), wait up to 5 s).
%%
%% w6: W6's self-healing workers: one_for_one, restart permanent; children 4 registered gen_server workers and the
%% dispatcher (beam_compare_worker) that hands submissions to them round robin. A crashed worker is restarted under
%% the same name, so the dispatcher reaches its successor.
-module(beam_compare_sup).
-behaviour(supervisor).

-export([init/1]).

init({w1, N}) ->
    Children = [#{id => I, start => {beam_compare_worker, start_link, [idle]}, restart => permanent,
                  shutdown => 5000, type => worker} || I <- lists:seq(1, N)],
    {ok, {#{strategy => one_for_one, intensity => 1, period => 5}, Children}};
init(w6) ->
    Names = beam_compare_worker:w6_names(),
    Workers = [#{id => Name, start => {beam_compare_worker, start_link, [{w6_worker, Name}]}, restart => permanent,
                 shutdown => 5000, type => worker} || Name <- Names],
    Dispatcher = #{id => w6_dispatcher, start => {beam_compare_worker, start_link, [{w6_dispatcher, Names}]},
                   restart => permanent, shutdown => 5000, type => worker},
    {ok, {#{strategy => one_for_one, intensity => 10, period => 5}, Workers ++ [Dispatcher]}}.
