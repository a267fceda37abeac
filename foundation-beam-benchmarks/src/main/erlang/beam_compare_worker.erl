%% @doc gen_server workers of the Erlang/OTP side of compare.sh (see beam_compare.erl and beam_compare_sup.erl).
%%
%% idle: W1's supervised worker; it holds no state and gets no message in the workload.
%% {w6_worker, Name}: a W6 worker registered as Name; on {work, From, Ref, N} it answers From with {Ref, N + 1}
%%   (the counterpart of a Foundation BEAM worker returning n + 1, which completes the submitter's future).
%% {w6_dispatcher, Names}: W6's dispatcher (registered w6_dispatcher), the counterpart of the ecosystem's
%%   coordinator and of Pekko's pool router: on {submit, From, Ref, N} it casts the work to the next worker, round
%%   robin, by registered name (so a restarted worker is reached without telling the dispatcher).
-module(beam_compare_worker).
-behaviour(gen_server).

-export([start_link/1, w6_names/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

%% @doc The registered names of W6's four workers.
w6_names() -> [w6_worker_1, w6_worker_2, w6_worker_3, w6_worker_4].

start_link(idle) -> gen_server:start_link(?MODULE, idle, []);
start_link({w6_worker, Name} = Arg) -> gen_server:start_link({local, Name}, ?MODULE, Arg, []);
start_link({w6_dispatcher, _} = Arg) -> gen_server:start_link({local, w6_dispatcher}, ?MODULE, Arg, []).

init(idle) -> {ok, idle};
init({w6_worker, _}) -> {ok, w6_worker};
init({w6_dispatcher, Names}) -> {ok, {list_to_tuple(Names), 1}}.

handle_call(Request, _From, State) -> {stop, {unexpected_call, Request}, State}.

handle_cast({work, From, Ref, N}, w6_worker) ->
    From ! {Ref, N + 1},
    {noreply, w6_worker};
handle_cast({submit, From, Ref, N}, {Workers, Next}) ->
    gen_server:cast(element(Next, Workers), {work, From, Ref, N}),
    {noreply, {Workers, if Next =:= tuple_size(Workers) -> 1; true -> Next + 1 end}};
handle_cast(Message, State) -> {stop, {unexpected_cast, Message}, State}.

handle_info(Message, State) -> {stop, {unexpected_message, Message}, State}.
